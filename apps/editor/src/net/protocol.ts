/**
 * Wire types of the PRYZM protocol (docs/protocol.md): REST bodies, WebSocket frames,
 * commands and events. Units are metres; plan points are [x, y] with z up.
 */

export type Point2 = [number, number];
export type Point3 = [number, number, number];

// ---- commands (client -> server, inside a `command` frame) -------------------------------

export interface CreateLevel {
  type: "create_level";
  id: string;
  name: string;
  elevation?: number;
  height?: number;
}

export interface UpdateLevel {
  type: "update_level";
  id: string;
  name?: string;
  elevation?: number;
  height?: number;
}

export interface PlaceWall {
  type: "place_wall";
  id: string;
  level_id: string;
  start: Point2;
  end: Point2;
  thickness?: number;
  height?: number;
  base_offset?: number;
  material?: string;
}

export interface UpdateWall {
  type: "update_wall";
  id: string;
  level_id?: string;
  start?: Point2;
  end?: Point2;
  thickness?: number;
  height?: number;
  base_offset?: number;
  material?: string;
}

export interface DeleteElements {
  type: "delete_elements";
  ids: string[];
}

export type Command = CreateLevel | UpdateLevel | PlaceWall | UpdateWall | DeleteElements;

/** An event is the normalised command: same `type` and fields, defaults filled in. */
export type ModelEvent = Command;

export interface EventRecord {
  seq: number;
  event_id: string;
  command_id?: string;
  actor?: unknown;
  created_at?: string;
  event: ModelEvent;
}

// ---- REST ---------------------------------------------------------------------------------

export interface User {
  id: string;
  display_name: string;
}

export interface SessionResponse {
  token: string;
  user: User;
}

export type Role = "owner" | "editor" | "viewer";

export interface Project {
  id: string;
  name: string;
  role?: Role;
  head_seq?: number;
  created_at?: string;
}

export interface EventsPage {
  events: EventRecord[];
  next_after: number;
  more: boolean;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

// ---- bake manifest (sceneIR) --------------------------------------------------------------

export interface ManifestElement {
  id: string;
  type: string;
  level_id: string;
  mesh: string;
  material?: string;
  bbox?: { min: Point3; max: Point3 };
  quantities?: Record<string, number>;
}

export interface Manifest {
  format: string;
  project_id: string;
  seq: number;
  origin: Point3;
  levels: { id: string; name: string; elevation: number; height: number }[];
  elements: ManifestElement[];
  mesh_url: string;
  glb_url?: string;
}

// ---- WebSocket frames ---------------------------------------------------------------------

export type ClientFrame =
  | { type: "hello"; last_seq: number }
  | { type: "command"; event_id: string; command: Command }
  | { type: "presence"; cursor: Point2 | null; selection: string[]; level_id: string | null }
  | { type: "ping" };

export interface WelcomeFrame {
  type: "welcome";
  head_seq: number;
  user?: User;
  role?: Role;
  online?: unknown[];
}

export interface RejectFrame {
  type: "reject";
  event_id: string;
  code: string;
  message: string;
  details?: unknown;
}

export type ServerFrame =
  | WelcomeFrame
  | { type: "events"; events: EventRecord[]; more: boolean }
  | ({ type: "event" } & EventRecord)
  | { type: "ack"; event_id: string; seq: number; first_seq?: number }
  | RejectFrame
  | { type: "baked"; seq: number; manifest: Manifest }
  | { type: "presence"; user: unknown; left?: boolean; [k: string]: unknown }
  | { type: "job"; id: string; kind: string; progress?: number; status?: string; stage?: string }
  | { type: "error"; code: string; message: string }
  | { type: "pong" };

/** Readable meaning of each reject code, for messages shown to the user. */
export const REJECT_MEANINGS: Record<string, string> = {
  invalid_command: "the command had a bad shape or invalid numbers",
  unknown_command: "the server does not know this command",
  unknown_level: "the level does not exist (any more)",
  unknown_element: "the element does not exist (any more)",
  duplicate_id: "an element with this id already exists",
  zero_length: "a wall must have a length",
  wrong_element_type: "the element is not of the expected type",
  command_too_large: "the command is too large",
  forbidden: "you have view-only access to this project",
  invalid_message: "the message was not understood by the server",
};

export function describeReject(code: string): string {
  return REJECT_MEANINGS[code] ?? `refused (${code})`;
}
