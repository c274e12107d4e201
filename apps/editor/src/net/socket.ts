/**
 * The slice of the browser WebSocket the sync client uses, so tests can drive it with
 * `FakeSocket` (an in-memory implementation of the same interface).
 */

export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

export const OPEN = 1;

export const browserSocket: SocketFactory = (url, protocols) =>
  new WebSocket(url, protocols) as unknown as SocketLike;

/** The WebSocket URL of a project on the page's own origin. */
export function projectSocketUrl(loc: { protocol: string; host: string }, projectId: string): string {
  const scheme = loc.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${loc.host}/ws/${encodeURIComponent(projectId)}`;
}

/** An in-memory socket for tests: records sent frames; the test plays the server. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  readonly sent: string[] = [];

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}

  send(data: string): void {
    if (this.readyState !== OPEN) throw new Error("FakeSocket: send on a socket that is not open");
    this.sent.push(data);
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  // ---- the server side ----
  open(): void {
    this.readyState = OPEN;
    this.onopen?.({});
  }

  receive(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  drop(code = 1006): void {
    this.close(code, "dropped");
  }

  frames(): { type: string; [k: string]: unknown }[] {
    return this.sent.map((s) => JSON.parse(s));
  }
}
