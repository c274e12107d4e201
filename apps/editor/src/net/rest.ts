/**
 * The REST client: every call carries `Authorization: Bearer <token>`; an error response
 * (`{"error": {"code", "message", "details"}}`) or a network failure becomes an `ApiError`.
 * A 401 additionally calls `onUnauthorized` so the app can send the user back to sign-in.
 */

import type {
  AuthConfig,
  ErrorBody,
  EventsPage,
  ExportFormat,
  ImportOptions,
  Job,
  Manifest,
  Member,
  Project,
  Role,
  SessionResponse,
  Upload,
  User,
} from "./protocol";
import { xhrSend, type UploadSend } from "./upload";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RestOptions {
  getToken: () => string | null;
  onUnauthorized: () => void;
  fetch?: FetchLike;
  /** How file bodies are sent (with upload progress); XMLHttpRequest by default. */
  send?: UploadSend;
  baseUrl?: string;
}

export class RestClient {
  private readonly fetchImpl: FetchLike;
  private readonly sendImpl: UploadSend;
  private readonly baseUrl: string;

  constructor(private readonly opts: RestOptions) {
    this.fetchImpl = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.sendImpl = opts.send ?? xhrSend;
    this.baseUrl = opts.baseUrl ?? "";
  }

  createSession(displayName: string): Promise<SessionResponse> {
    return this.json("POST", "/v1/auth/session", { display_name: displayName });
  }

  /** How this deployment signs users in; a server without the endpoint uses the shim. */
  async authConfig(): Promise<AuthConfig> {
    try {
      return await this.json<AuthConfig>("GET", "/v1/auth/config");
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 405)) return { mode: "shim" };
      throw err;
    }
  }

  me(): Promise<User> {
    return this.json("GET", "/v1/me");
  }

  searchUsers(q: string): Promise<User[]> {
    return this.json("GET", `/v1/users?q=${encodeURIComponent(q)}`);
  }

  async listProjects(archived = false): Promise<Project[]> {
    const body = await this.json<Project[] | { projects: Project[] }>("GET", `/v1/projects${archived ? "?archived=true" : ""}`);
    return Array.isArray(body) ? body : body.projects;
  }

  updateProject(id: string, changes: { name?: string; archived?: boolean }): Promise<Project> {
    return this.json("PATCH", `/v1/projects/${encodeURIComponent(id)}`, changes);
  }

  members(id: string): Promise<Member[]> {
    return this.json("GET", `/v1/projects/${encodeURIComponent(id)}/members`);
  }

  /** Add a member, or change an existing member's role. */
  setMember(id: string, userId: string, role: Role): Promise<Member> {
    return this.json("POST", `/v1/projects/${encodeURIComponent(id)}/members`, { user_id: userId, role });
  }

  async removeMember(id: string, userId: string): Promise<void> {
    await this.request("DELETE", `/v1/projects/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`);
  }

  createProject(name: string): Promise<Project> {
    return this.json("POST", "/v1/projects", { name });
  }

  getProject(id: string): Promise<Project> {
    return this.json("GET", `/v1/projects/${encodeURIComponent(id)}`);
  }

  events(id: string, after: number, limit = 1000): Promise<EventsPage> {
    const q = `after=${after}&limit=${limit}`;
    return this.json("GET", `/v1/projects/${encodeURIComponent(id)}/events?${q}`);
  }

  /** The newest bake manifest, or null before the first bake (404 `no_bake`). */
  async latestBake(id: string): Promise<Manifest | null> {
    try {
      return await this.json<Manifest>("GET", `/v1/projects/${encodeURIComponent(id)}/bakes/latest`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && err.code === "no_bake") return null;
      throw err;
    }
  }

  /** A binary resource (e.g. a mesh GLB) from a same-origin path. */
  async binary(path: string): Promise<ArrayBuffer> {
    const res = await this.request("GET", path);
    return res.arrayBuffer();
  }

  /** A same-origin resource as a Blob (e.g. an export's artefact, to offer as a download). */
  async blob(path: string): Promise<Blob> {
    const res = await this.request("GET", path);
    return res.blob();
  }

  /**
   * Upload a file as the raw body (the server streams it to storage and detects its format);
   * `onProgress` gets the fraction sent, 0..1. 413 `upload_too_large` and 415
   * `unsupported_format` come back as ApiErrors like any other.
   */
  async upload(projectId: string, file: Blob, filename: string, onProgress: (fraction: number) => void = () => {}, signal?: AbortSignal): Promise<Upload> {
    const url = `${this.baseUrl}/v1/projects/${encodeURIComponent(projectId)}/uploads?filename=${encodeURIComponent(filename)}`;
    const headers = { ...this.headers(), "Content-Type": "application/octet-stream" };
    let res: Response;
    try {
      res = await this.sendImpl(url, file, headers, (loaded, total) => onProgress(total > 0 ? Math.min(loaded / total, 1) : 0), signal);
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") throw err;
      throw new ApiError(0, "network", "The upload did not reach the server: the connection was lost or the server cannot be reached.", err);
    }
    return (await this.checked(res)).json() as Promise<Upload>;
  }

  /** Start importing an upload (owners and editors): 202 with the queued job. */
  startImport(projectId: string, uploadId: string, options: ImportOptions = {}): Promise<Job> {
    return this.json("POST", `/v1/projects/${encodeURIComponent(projectId)}/imports`, { upload_id: uploadId, options });
  }

  /** Start exporting the model at its newest seq (any member); `levelId`: the DXF plan's level. */
  startExport(projectId: string, format: ExportFormat, levelId?: string | null): Promise<Job> {
    return this.json("POST", `/v1/projects/${encodeURIComponent(projectId)}/exports`, levelId ? { format, level_id: levelId } : { format });
  }

  job(projectId: string, jobId: number | string): Promise<Job> {
    return this.json("GET", `/v1/projects/${encodeURIComponent(projectId)}/jobs/${encodeURIComponent(String(jobId))}`);
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    return (await res.json()) as T;
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const token = this.opts.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers = this.headers();
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(0, "network", "The server cannot be reached. Check your connection.", err);
    }
    return this.checked(res);
  }

  private async checked(res: Response): Promise<Response> {
    if (res.ok) return res;
    const error = await readError(res);
    if (res.status === 401) this.opts.onUnauthorized();
    throw error;
  }
}

async function readError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as Partial<ErrorBody>;
    if (body.error && typeof body.error.code === "string") {
      const { code, message, details } = body.error;
      return new ApiError(res.status, code, message || code, details);
    }
  } catch {
    // Not JSON (a proxy error page, say): fall through to a generic message.
  }
  return new ApiError(res.status, `http_${res.status}`, `The server answered ${res.status} ${res.statusText}.`.trim());
}
