/**
 * Routes what the sync client hears to the editor: events into the mirror (and, by command
 * id, out of the optimistic overlay), acks and rejects to the command desk, bakes into the 3D
 * view, presence to the presence tracker, job frames to the editor (bakes to the status bar,
 * imports and exports to whoever follows them). A `welcome` with `reset` (our seq is ahead of the
 * server's log, e.g. after a restore) empties the mirror first. If live events leave a gap in
 * the seqs (a missed frame), it reconnects so `hello{last_seq}` fetches what is missing.
 */

import type { ModelMirror } from "../model/mirror";
import type { Command, EventRecord, JobFrame, ManifestDelta, PresenceFrame, RejectFrame, Role, WelcomeFrame } from "../net/protocol";
import type { ConnectionState, SyncClient, SyncListener } from "../net/sync";

/** The slice of the editor the bridge drives. */
export interface BridgeTarget {
  readonly mirror: ModelMirror;
  readonly sync: SyncClient;
  setConnection(state: ConnectionState): void;
  setRole(role: Role | null): void;
  caughtUp(): void;
  acked(eventId: string, seq: number): void;
  rejected(eventId: string, code: string, message: string, command: Command | undefined): void;
  showBake(delta: ManifestDelta): void;
  setJobProgress(progress: number | null): void;
  notify(text: string, kind?: "info" | "error"): void;
  checkAccess(): Promise<void>;
  welcomed?(frame: WelcomeFrame): void;
  landed?(commandId: string): void;
  onPresence?(frame: PresenceFrame): void;
  /** Every job frame (imports and exports are followed by the jobs that started them). */
  onJob?(frame: JobFrame): void;
}

export const GAP_RESYNC_MS = 2000;

export class SyncBridge implements SyncListener {
  private gapTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly editor: BridgeTarget) {}

  status(state: ConnectionState): void {
    this.editor.setConnection(state);
  }

  welcome(frame: WelcomeFrame): void {
    if (frame.reset) this.editor.mirror.reset();
    this.editor.welcomed?.(frame);
    this.editor.setRole(frame.role ?? null);
    if (frame.head_seq <= this.editor.mirror.seq) this.editor.caughtUp();
  }

  events(records: EventRecord[], more: boolean): void {
    this.editor.mirror.apply(records);
    for (const r of records) if (r.command_id && r.seq <= this.editor.mirror.seq) this.editor.landed?.(r.command_id);
    if (!more) {
      this.editor.caughtUp();
      this.watchGap();
    }
  }

  event(record: EventRecord): void {
    this.editor.mirror.apply(record);
    if (record.command_id && record.seq <= this.editor.mirror.seq) this.editor.landed?.(record.command_id);
    this.watchGap();
  }

  presence(frame: PresenceFrame): void {
    this.editor.onPresence?.(frame);
  }

  ack(eventId: string, seq: number): void {
    this.editor.acked(eventId, seq);
  }

  reject(frame: RejectFrame, command: Command | undefined): void {
    this.editor.rejected(frame.event_id, frame.code, frame.message, command);
  }

  baked(_seq: number, delta: ManifestDelta): void {
    this.editor.showBake(delta);
  }

  job(frame: JobFrame): void {
    this.editor.onJob?.(frame);
    if (frame.kind !== "bake") return;
    const running = frame.status !== "done" && frame.status !== "failed" && frame.status !== "succeeded";
    this.editor.setJobProgress(running && typeof frame.progress === "number" ? frame.progress : null);
    if (frame.status === "failed") this.editor.notify("The bake failed on the server; the 3D view shows the last good bake.", "error");
  }

  serverError(code: string, message: string): void {
    this.editor.notify(`Server: ${message || code} [${code}]`, "error");
  }

  handshakeFailed(): void {
    void this.editor.checkAccess();
  }

  dispose(): void {
    if (this.gapTimer !== null) clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }

  private watchGap(): void {
    if (!this.editor.mirror.hasGap || this.gapTimer !== null) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.editor.mirror.hasGap) this.editor.sync.reconnectNow();
    }, GAP_RESYNC_MS);
  }
}
