/**
 * Who else is here: the users online (from `welcome.online` and `presence` joined/left) and
 * each other user's cursor, selection and level, with a stable colour per user. Our own
 * presence is sent throttled (at most every 100 ms, the last state always goes out).
 */

import type { ClientFrame, Point2, PresenceFrame, User, WelcomeFrame } from "../net/protocol";

export interface RemoteUser {
  id: string;
  name: string;
  color: string;
  cursor: Point2 | null;
  selection: string[];
  levelId: string | null;
}

export const PRESENCE_INTERVAL_MS = 100;

export class Presence {
  private selfId: string | null = null;
  private readonly online = new Map<string, User>();
  private readonly remote = new Map<string, RemoteUser>();
  private queued: ClientFrame | null = null;
  private lastSent = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (frame: ClientFrame) => void,
    private readonly changed: () => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  welcome(frame: WelcomeFrame): void {
    if (frame.user) this.selfId = frame.user.id;
    this.online.clear();
    for (const u of frame.online ?? []) this.online.set(u.id, u);
    if (frame.user) this.online.set(frame.user.id, frame.user);
    for (const id of [...this.remote.keys()]) if (!this.online.has(id)) this.remote.delete(id);
    this.changed();
  }

  receive(frame: PresenceFrame): void {
    const user = frame.user;
    if (!user?.id || user.id === this.selfId) return;
    if (frame.left) {
      this.online.delete(user.id);
      this.remote.delete(user.id);
    } else {
      this.online.set(user.id, user);
      if (!frame.joined) {
        this.remote.set(user.id, {
          id: user.id,
          name: user.display_name,
          color: colorOf(user.id),
          cursor: Array.isArray(frame.cursor) ? [frame.cursor[0], frame.cursor[1]] : null,
          selection: Array.isArray(frame.selection) ? frame.selection.filter((s) => typeof s === "string") : [],
          levelId: frame.level_id ?? null,
        });
      }
    }
    this.changed();
  }

  /** Everyone online, ourselves first. */
  users(): { id: string; name: string; color: string; self: boolean }[] {
    return [...this.online.values()]
      .map((u) => ({ id: u.id, name: u.display_name, color: colorOf(u.id), self: u.id === this.selfId }))
      .sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
  }

  others(): RemoteUser[] {
    return [...this.remote.values()];
  }

  /** Our cursor / selection / level changed: send it, throttled. */
  update(cursor: Point2 | null, selection: string[], levelId: string | null): void {
    this.queued = { type: "presence", cursor, selection, level_id: levelId };
    const wait = this.lastSent + PRESENCE_INTERVAL_MS - this.now();
    if (wait <= 0) this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), wait);
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.timer = null;
    if (!this.queued) return;
    this.send(this.queued);
    this.queued = null;
    this.lastSent = this.now();
  }
}

/** A stable, readable colour for a user id. */
export function colorOf(id: string): string {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360}, 75%, 62%)`;
}
