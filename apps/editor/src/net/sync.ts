/**
 * The WebSocket sync client: connects to `/ws/<projectId>` with the `pryzm.v1` and
 * `bearer.<token>` sub-protocols, says `hello{last_seq}`, relays what the server sends to a
 * listener, and keeps commands until they are acked or rejected.
 *
 * Reconnects with backoff (1 s .. 10 s, jitter) and resumes from the last applied seq; unacked
 * commands are re-sent after `welcome`, in issue order, with their original `event_id`.
 * A rejected command is dropped (never retried). Sends `ping` every 20 s and treats a silent
 * socket (no frame for 2.5 ping intervals) as dead. While the catch-up is still arriving
 * (after `welcome`, before the page with `more: false`) it waits much longer
 * (CATCH_UP_SILENCE_MS): on a slow link one page of a huge history, an imported mesh, can take
 * longer than that to arrive, and dropping the socket would only start the same page again
 * (case S5).
 */

import { backoffDelay } from "./backoff";
import { newId } from "./ids";
import type { Outbox } from "./outbox";
import { PendingCommands } from "./pending";
import type {
  ClientFrame,
  Command,
  EventRecord,
  ManifestDelta,
  PresenceFrame,
  RejectFrame,
  ServerFrame,
  WelcomeFrame,
} from "./protocol";
import { browserSocket, OPEN, type SocketFactory, type SocketLike } from "./socket";

export type ConnectionState = "connecting" | "online" | "offline";

export interface SyncListener {
  status?(state: ConnectionState): void;
  welcome?(frame: WelcomeFrame): void;
  /** A catch-up page; `more: false` marks the last one. */
  events?(records: EventRecord[], more: boolean): void;
  /** A live committed event (also for our own commands). */
  event?(record: EventRecord): void;
  ack?(eventId: string, seq: number, command: Command | undefined): void;
  reject?(frame: RejectFrame, command: Command | undefined): void;
  baked?(seq: number, delta: ManifestDelta): void;
  job?(frame: Extract<ServerFrame, { type: "job" }>): void;
  /** Another user's cursor, selection and level, or their arrival / departure. */
  presence?(frame: PresenceFrame): void;
  serverError?(code: string, message: string): void;
  /** The socket closed before it opened: a refused handshake or an unreachable server. */
  handshakeFailed?(): void;
}

export interface SyncOptions {
  url: string;
  token: string;
  /** The last seq applied to the local model (sent in `hello`). */
  lastSeq: () => number;
  listener: SyncListener;
  socketFactory?: SocketFactory;
  newId?: () => string;
  random?: () => number;
  pingIntervalMs?: number;
  /** Durable storage for unacknowledged commands (none: memory only). */
  outbox?: Outbox;
}

export const PING_INTERVAL_MS = 20_000;
/** The server's default command limit; `welcome` says the configured one. */
export const MAX_COMMAND_BYTES = 1_048_576;
export const CATCH_UP_SILENCE_MS = 300_000;

export class SyncClient {
  readonly pending: PendingCommands;
  private state: ConnectionState = "connecting";
  private socket: SocketLike | null = null;
  private ready = false; // `welcome` received on the current socket
  private catchingUp = false; // `welcome` received, the last catch-up page not yet
  private attempt = 0;
  private stopped = true;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private maxCommandBytes = MAX_COMMAND_BYTES;
  private readonly factory: SocketFactory;
  private readonly pingMs: number;

  constructor(private readonly opts: SyncOptions) {
    this.pending = new PendingCommands(opts.outbox ?? null);
    this.factory = opts.socketFactory ?? browserSocket;
    this.pingMs = opts.pingIntervalMs ?? PING_INTERVAL_MS;
  }

  get connection(): ConnectionState {
    return this.state;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearReconnect();
    if (this.socket) this.abandon(this.socket);
  }

  /** Queue a command; it is sent now if the socket is ready, else after the next `welcome`. */
  send(command: Command, eventId: string = (this.opts.newId ?? newId)()): string {
    const frame = this.commandFrame(eventId, command);
    if ("reject" in frame) {
      // Never queued: a frame the server cannot take would be re-sent after every reconnect.
      // Told after the caller has recorded the event id, as a server reject would be.
      queueMicrotask(() => this.opts.listener.reject?.(frame.reject, command));
      return eventId;
    }
    this.pending.add(eventId, command);
    if (this.ready) this.transmitText(frame.text);
    return eventId;
  }

  /** A command's frame as sent, or its refusal when it is above the server's limit. */
  private commandFrame(eventId: string, command: Command): { text: string } | { reject: RejectFrame } {
    const text = JSON.stringify({ type: "command", event_id: eventId, command });
    // A UTF-16 unit is at most 3 UTF-8 bytes: only a frame that may be too large is measured.
    if (text.length * 3 <= this.maxCommandBytes) return { text };
    const size = new TextEncoder().encode(text).length;
    return size <= this.maxCommandBytes ? { text } : { reject: tooLarge(eventId, size, this.maxCommandBytes) };
  }

  /** Best-effort frames that are not kept for retry (presence). */
  sendVolatile(frame: ClientFrame): void {
    if (this.ready) this.transmit(frame);
  }

  /** Drop the current socket and connect again at once (e.g. to fill a gap in the seqs). */
  reconnectNow(): void {
    if (this.stopped) return;
    this.clearReconnect();
    if (this.socket) this.abandon(this.socket);
    this.connect();
  }

  private connect(): void {
    this.reconnectTimer = null;
    const protocols = ["pryzm.v1", `bearer.${this.opts.token}`];
    const socket = this.factory(this.opts.url, protocols);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.lastFrameAt = Date.now();
      this.transmit({ type: "hello", last_seq: this.opts.lastSeq() });
      this.pingTimer = setInterval(() => this.tick(), this.pingMs);
    };
    socket.onmessage = (ev) => {
      this.lastFrameAt = Date.now();
      const frame = parseFrame(ev.data);
      if (frame) this.handle(frame);
    };
    socket.onerror = () => {
      /* a close event always follows */
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      if (!opened) this.opts.listener.handshakeFailed?.();
      this.closed();
    };
  }

  private handle(frame: ServerFrame): void {
    const l = this.opts.listener;
    switch (frame.type) {
      case "welcome":
        this.ready = true;
        this.catchingUp = true;
        this.attempt = 0;
        this.setState("online");
        if (frame.max_command_bytes) this.maxCommandBytes = frame.max_command_bytes;
        l.welcome?.(frame);
        for (const { eventId, command } of this.pending.list()) {
          const out = this.commandFrame(eventId, command);
          // One above the limit was kept from before (another session's outbox, a lower limit).
          if ("text" in out) this.transmitText(out.text);
          else l.reject?.(out.reject, this.pending.settle(eventId));
        }
        break;
      case "events":
        if (!frame.more) this.catchingUp = false;
        l.events?.(frame.events ?? [], Boolean(frame.more));
        break;
      case "event": {
        const { type: _type, ...record } = frame;
        l.event?.(record);
        break;
      }
      case "ack":
        l.ack?.(frame.event_id, frame.seq, this.pending.settle(frame.event_id));
        break;
      case "reject":
        l.reject?.(frame, this.pending.settle(frame.event_id));
        break;
      case "baked":
        l.baked?.(frame.seq, frame.delta);
        break;
      case "job":
        l.job?.(frame);
        break;
      case "error":
        l.serverError?.(frame.code, frame.message);
        break;
      case "presence":
        l.presence?.(frame);
        break;
      default:
        break; // pong
    }
  }

  private tick(): void {
    const socket = this.socket;
    if (!socket) return;
    const patience = this.catchingUp ? Math.max(CATCH_UP_SILENCE_MS, this.pingMs * 2.5) : this.pingMs * 2.5;
    if (Date.now() - this.lastFrameAt > patience) {
      this.abandon(socket);
      this.closed();
      return;
    }
    this.transmit({ type: "ping" });
  }

  private closed(): void {
    this.socket = null;
    this.ready = false;
    this.catchingUp = false;
    this.clearPing();
    if (this.stopped) return;
    this.setState("offline");
    const delay = backoffDelay(this.attempt++, this.opts.random);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  /** Detach and close `socket` without running its close handler. */
  private abandon(socket: SocketLike): void {
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(1000, "client closing");
    } catch {
      // already closed
    }
    this.socket = null;
    this.ready = false;
    this.catchingUp = false;
    this.clearPing();
  }

  private transmit(frame: ClientFrame): void {
    this.transmitText(JSON.stringify(frame));
  }

  private transmitText(text: string): void {
    const socket = this.socket;
    if (socket && socket.readyState === OPEN) socket.send(text);
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.opts.listener.status?.(state);
  }

  private clearPing(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }
}

function parseFrame(data: unknown): ServerFrame | null {
  if (typeof data !== "string") return null;
  try {
    const frame = JSON.parse(data) as ServerFrame;
    return frame && typeof frame === "object" && typeof frame.type === "string" ? frame : null;
  } catch {
    return null;
  }
}

function tooLarge(eventId: string, size: number, limit: number): RejectFrame {
  return {
    type: "reject", event_id: eventId, code: "command_too_large",
    message: `This command is ${size.toLocaleString("en")} bytes; the limit is ` +
      `${limit.toLocaleString("en")}. Nothing was sent.`,
    details: { limit },
  };
}
