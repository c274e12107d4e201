/**
 * Wire types of the PRYZM protocol (docs/protocol.md): REST bodies, WebSocket frames,
 * commands and events. Units are metres; plan points are [x, y] with z up.
 */

export type Point2 = [number, number];
export type Point3 = [number, number, number];

// ---- commands (client -> server, inside a `command` frame; docs/model/commands.md) ------

export type Alignment = "center" | "left" | "right";
export type OpeningKind = "door" | "window";
export type PropertyValue = string | number | boolean;
export type PropertySets = Record<string, Record<string, PropertyValue>>;

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

export interface DeleteLevel {
  type: "delete_level";
  id: string;
  cascade?: boolean;
}

export interface WallFields {
  level_id: string;
  start: Point2;
  end: Point2;
  thickness: number;
  height: number;
  base_offset: number;
  material: string;
  alignment: Alignment;
}

export type PlaceWall = { type: "place_wall"; id: string } & Pick<WallFields, "level_id" | "start" | "end"> &
  Partial<Omit<WallFields, "level_id" | "start" | "end">>;

export type UpdateWall = { type: "update_wall"; id: string } & Partial<WallFields>;

export interface OpeningFields {
  offset: number;
  width: number;
  height: number;
  sill_height: number;
  flip: boolean;
  material: string;
}

export type PlaceOpening = { type: "place_opening"; id: string; host_id: string; kind: OpeningKind; offset: number } &
  Partial<Omit<OpeningFields, "offset">>;

export type UpdateOpening = { type: "update_opening"; id: string } & Partial<OpeningFields>;

export interface PlaceSlab {
  type: "place_slab";
  id: string;
  level_id: string;
  boundary: Point2[];
  holes?: Point2[][];
  thickness?: number;
  offset?: number;
  material?: string;
}

export type UpdateSlab = { type: "update_slab"; id: string } & Partial<Omit<PlaceSlab, "type" | "id">>;

export interface PlaceColumn {
  type: "place_column";
  id: string;
  level_id: string;
  position: Point2;
  shape?: "rect" | "circle";
  width?: number;
  depth?: number;
  diameter?: number;
  rotation?: number;
  height?: number;
  base_offset?: number;
  material?: string;
}

export type UpdateColumn = { type: "update_column"; id: string } & Partial<Omit<PlaceColumn, "type" | "id">>;

export interface PlaceRoom {
  type: "place_room";
  id: string;
  level_id: string;
  boundary: Point2[];
  name?: string;
  number?: string;
  height?: number;
  base_offset?: number;
}

/** `height` can be given, not cleared (a room placed without one follows its level). */
export type UpdateRoom = { type: "update_room"; id: string } & Partial<Omit<PlaceRoom, "type" | "id">>;

export interface ReferenceText {
  text: string;
  position: Point2;
  height?: number;
  rotation?: number;
}

/** Imported geometry that maps to no native element (docs/model/commands.md). */
export interface PlaceReference {
  type: "place_reference";
  id: string;
  level_id: string;
  origin: Point3;
  /** base64 of float32 xyz, relative to `origin`. */
  vertices: string;
  faces?: string;
  edges?: string;
  texts?: ReferenceText[];
  name?: string;
  source?: string;
  source_id?: string;
  material?: string;
}

export interface DeleteElements {
  type: "delete_elements";
  ids: string[];
}

export interface MoveElements {
  type: "move_elements";
  ids: string[];
  delta: Point2;
}

export interface SetProperties {
  type: "set_properties";
  id: string;
  psets: Record<string, Record<string, PropertyValue | null>>;
}

export interface Batch {
  type: "batch";
  commands: Command[];
}

export type Command =
  | CreateLevel
  | UpdateLevel
  | DeleteLevel
  | PlaceWall
  | UpdateWall
  | PlaceOpening
  | UpdateOpening
  | PlaceSlab
  | UpdateSlab
  | PlaceColumn
  | UpdateColumn
  | PlaceRoom
  | UpdateRoom
  | PlaceReference
  | DeleteElements
  | MoveElements
  | SetProperties
  | Batch;

export type CommandType = Command["type"];

/** An event is the normalised command (defaults filled in); `batch` is never an event. */
export type ModelEvent = Exclude<Command, Batch>;

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
  role?: Role | null;
  head_seq?: number;
  created_at?: string;
  created_by?: string;
  archived?: boolean;
}

export interface Member {
  user_id: string;
  display_name: string;
  role: Role;
}

/** `GET /v1/auth/config`: how this deployment signs users in (404: the display-name shim). */
export type AuthConfig =
  | { mode: "shim" }
  | {
      mode: "oidc";
      issuer: string;
      client_id: string;
      authorization_endpoint: string;
      token_endpoint: string;
      redirect_uri: string;
      scope: string;
      audience?: string;
    };

export interface EventsPage {
  events: EventRecord[];
  next_after: number;
  more: boolean;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

// ---- import / export jobs (docs/interop.md) ------------------------------------------------

/** `POST /v1/projects/{id}/uploads?filename=NAME`: the stored file, format detected from its content. */
export interface Upload {
  id: string;
  filename: string;
  format: string;
  size: number;
  sha256: string;
  created_at?: string;
}

export type ImportUnits = "mm" | "cm" | "m" | "in" | "ft";

/** Import options (all optional); `level_id` and `units` apply to DXF and 3dm files. */
export interface ImportOptions {
  level_id?: string;
  units?: ImportUnits;
  wall_layer?: string;
  wall_thickness?: number;
  merge_levels?: boolean;
}

export type ExportFormat = "ifc4" | "ifc2x3" | "glb" | "dxf";

export type JobStatus = "queued" | "running" | "done" | "failed";

export interface JobError {
  code: string;
  message: string;
  details?: unknown;
}

/** One row of the report: every object of the file is counted once in one of three columns. */
export interface ReportCount {
  total: number;
  native: number;
  reference: number;
  skipped: number;
}

/** An import's report (case B8), `result.report` of a done import job. */
export interface ImportReport {
  format: string;
  source: { filename?: string; schema?: string; application?: string; authors?: string[]; unit_scale_to_metres?: number };
  counts: Record<string, ReportCount>;
  native: Record<string, number>;
  reference: number;
  skipped_total: number;
  skipped: { source: string; id: string; name: string; reason: string }[];
  skipped_reasons: Record<string, number>;
  as_reference_because: Record<string, number>;
  warnings: ({ code: string; message: string } & Record<string, unknown>)[];
  levels: { id: string; name: string; elevation: number }[];
}

export interface ImportResult {
  report: ImportReport;
  batches: number;
  first_seq: number | null;
  last_seq: number | null;
  upload_id: string;
}

export interface ExportResult {
  artefact_id: string;
  url: string;
  format: ExportFormat;
  size: number;
  sha256: string;
  seq: number;
  filename: string;
  report?: unknown;
}

/** `GET /v1/projects/{id}/jobs/{job_id}`. */
export interface Job {
  id: number | string;
  project_id: string;
  kind: string;
  status: JobStatus;
  progress: number;
  stage?: string | null;
  result?: Record<string, unknown> | null;
  error?: JobError | null;
  created_at?: string | null;
  started_at?: string | null;
  finished_at?: string | null;
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
  /** What the bake could not do as asked (`code: message`), e.g. an opening it could not cut. */
  warnings?: string[];
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

/** What a bake changed since the bake at `base_seq` (null: since nothing), as `baked` frames
 * carry it: the manifest's head, the entries of the elements that changed or appeared, and
 * the ids of those that went away. */
export interface ManifestDelta extends Omit<Manifest, "format" | "elements"> {
  format: string;
  base_seq: number | null;
  changed: ManifestElement[];
  removed: string[];
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
  /** The client's last_seq was ahead of the log (e.g. a restored backup): start from zero. */
  reset?: boolean;
  user?: User;
  role?: Role;
  online?: User[];
  /** The largest command frame the server takes, in bytes (PRYZM_MAX_COMMAND_BYTES). */
  max_command_bytes?: number;
}

/** Another user's presence, relayed by the server (never stored). */
export interface PresenceFrame {
  type: "presence";
  user: User;
  cursor?: Point2 | null;
  selection?: string[] | null;
  level_id?: string | null;
  joined?: boolean;
  left?: boolean;
}

export interface RejectFrame {
  type: "reject";
  event_id: string;
  code: string;
  message: string;
  details?: unknown;
}

/** A job's progress, sent to every client of the project (bakes, imports, exports). */
export interface JobFrame {
  type: "job";
  id: number | string;
  kind: string;
  progress?: number;
  status?: string;
  stage?: string;
}

export type ServerFrame =
  | WelcomeFrame
  | { type: "events"; events: EventRecord[]; more: boolean }
  | ({ type: "event" } & EventRecord)
  | { type: "ack"; event_id: string; seq: number; first_seq?: number }
  | RejectFrame
  | { type: "baked"; seq: number; delta: ManifestDelta }
  | PresenceFrame
  | JobFrame
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
  level_not_empty: "the level still has elements on it",
  unknown_host: "the wall to host the opening does not exist (any more)",
  opening_outside_host: "the opening would not fit inside its wall",
  opening_overlap: "the opening would overlap another opening in the same wall",
  degenerate_polygon: "the outline encloses no area",
  self_intersecting: "the outline crosses itself",
  invalid_holes: "the holes must lie inside the outline without touching it or each other",
  invalid_geometry: "the imported geometry is not valid",
  unavailable: "the server is temporarily unavailable",
};

export function describeReject(code: string): string {
  return REJECT_MEANINGS[code] ?? `refused (${code})`;
}
