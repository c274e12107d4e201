import { describe, expect, it, vi } from "vitest";
import { ApiError, RestClient } from "../../src/net/rest";

function client(respond: (url: string, init: RequestInit) => Response, token: string | null = "tok") {
  const calls: { url: string; init: RequestInit }[] = [];
  const onUnauthorized = vi.fn();
  const rest = new RestClient({
    getToken: () => token,
    onUnauthorized,
    fetch: async (url, init = {}) => {
      calls.push({ url, init });
      return respond(url, init);
    },
  });
  return { rest, calls, onUnauthorized };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("RestClient", () => {
  it("sends the bearer token and JSON bodies", async () => {
    const { rest, calls } = client(() => json(201, { id: "p1", name: "House" }));
    expect(await rest.createProject("House")).toEqual({ id: "p1", name: "House" });
    expect(calls[0]!.url).toBe("/v1/projects");
    expect(calls[0]!.init.method).toBe("POST");
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers.Authorization).toBe("Bearer tok");
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ name: "House" });
  });

  it("turns the error shape into an ApiError with code and message", async () => {
    const { rest } = client(() => json(422, { error: { code: "invalid_name", message: "Name is empty.", details: { field: "name" } } }));
    const err = await rest.createProject("").catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: "invalid_name", message: "Name is empty.", details: { field: "name" } });
  });

  it("calls onUnauthorized on 401", async () => {
    const { rest, onUnauthorized } = client(() => json(401, { error: { code: "unauthorized", message: "Bad token." } }));
    await expect(rest.listProjects()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it("maps 404 no_bake to null, other 404s to errors", async () => {
    const noBake = client(() => json(404, { error: { code: "no_bake", message: "Nothing baked yet." } }));
    expect(await noBake.rest.latestBake("p1")).toBeNull();
    const missing = client(() => json(404, { error: { code: "not_found", message: "No such project." } }));
    await expect(missing.rest.latestBake("p1")).rejects.toMatchObject({ code: "not_found" });
  });

  it("reports network failures and non-JSON errors in words", async () => {
    const down = new RestClient({ getToken: () => null, onUnauthorized: () => {}, fetch: () => Promise.reject(new TypeError("Failed to fetch")) });
    await expect(down.me()).rejects.toMatchObject({ code: "network" });
    const { rest } = client(() => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    await expect(rest.me()).rejects.toMatchObject({ status: 502, code: "http_502" });
  });

  it("accepts a project list as an array or wrapped in {projects}", async () => {
    const a = client(() => json(200, [{ id: "p1", name: "A" }]));
    const b = client(() => json(200, { projects: [{ id: "p2", name: "B" }] }));
    expect((await a.rest.listProjects()).map((p) => p.id)).toEqual(["p1"]);
    expect((await b.rest.listProjects()).map((p) => p.id)).toEqual(["p2"]);
  });
});

describe("RestClient imports and exports", () => {
  it("uploads the raw file with the token, reports progress and reads the upload", async () => {
    const sent: { url: string; body: Blob; headers: Record<string, string> }[] = [];
    const progress: number[] = [];
    const rest = new RestClient({
      getToken: () => "tok",
      onUnauthorized: () => {},
      send: async (url, body, headers, onProgress) => {
        sent.push({ url, body, headers });
        onProgress(50, 200);
        onProgress(200, 200);
        return json(201, { id: "u1", filename: "a b.ifc", format: "ifc", size: 200, sha256: "x" });
      },
    });
    const file = new Blob(["ISO-10303-21;"]);
    const up = await rest.upload("p1", file, "a b.ifc", (f) => progress.push(f));
    expect(up).toMatchObject({ id: "u1", format: "ifc" });
    expect(sent[0]!.url).toBe("/v1/projects/p1/uploads?filename=a%20b.ifc");
    expect(sent[0]!.body).toBe(file);
    expect(sent[0]!.headers).toMatchObject({ Authorization: "Bearer tok", "Content-Type": "application/octet-stream" });
    expect(progress).toEqual([0.25, 1]);
  });

  it("turns a 413 into an ApiError, and a lost connection into a network error in words", async () => {
    const tooBig = new RestClient({
      getToken: () => "tok",
      onUnauthorized: () => {},
      send: async () => json(413, { error: { code: "upload_too_large", message: "The file is larger than the limit of 1,000 bytes.", details: { limit: 1000 } } }),
    });
    await expect(tooBig.upload("p1", new Blob(["x"]), "a.ifc")).rejects.toMatchObject({ status: 413, code: "upload_too_large" });
    const lost = new RestClient({ getToken: () => "tok", onUnauthorized: () => {}, send: () => Promise.reject(new TypeError("lost")) });
    await expect(lost.upload("p1", new Blob(["x"]), "a.ifc")).rejects.toMatchObject({ status: 0, code: "network" });
  });

  it("starts imports and exports and reads jobs", async () => {
    const { rest, calls } = client((url) => json(url.includes("/jobs/") ? 200 : 202, { id: 5, status: "queued" }));
    await rest.startImport("p1", "u1", { level_id: "l1", units: "mm" });
    await rest.startImport("p1", "u2");
    await rest.startExport("p1", "dxf", "l1");
    await rest.startExport("p1", "ifc4");
    expect((await rest.job("p1", 5)).id).toBe(5);
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      "POST /v1/projects/p1/imports",
      "POST /v1/projects/p1/imports",
      "POST /v1/projects/p1/exports",
      "POST /v1/projects/p1/exports",
      "GET /v1/projects/p1/jobs/5",
    ]);
    expect(calls.slice(0, 4).map((c) => JSON.parse(c.init.body as string))).toEqual([
      { upload_id: "u1", options: { level_id: "l1", units: "mm" } },
      { upload_id: "u2", options: {} },
      { format: "dxf", level_id: "l1" },
      { format: "ifc4" },
    ]);
  });

  it("downloads an artefact as a blob with the token", async () => {
    const { rest, calls } = client(() => new Response("ISO-10303-21;", { status: 200 }));
    const blob = await rest.blob("/v1/projects/p1/artefacts/a1");
    expect(await blob.text()).toBe("ISO-10303-21;");
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBe("Bearer tok");
  });
});
