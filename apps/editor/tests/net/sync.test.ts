import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Command, RejectFrame } from "../../src/net/protocol";
import { FakeSocket } from "../../src/net/socket";
import { SyncClient, type SyncListener } from "../../src/net/sync";

const L0 = "00000000-0000-4000-8000-000000000001";
const wallCmd = (id: string): Command => ({ type: "place_wall", id, level_id: L0, start: [0, 0], end: [1, 0] });

interface Harness {
  client: SyncClient;
  sockets: FakeSocket[];
  socket: () => FakeSocket;
  lastSeq: { value: number };
  listener: Required<Pick<SyncListener, "status" | "ack" | "reject" | "event" | "events" | "handshakeFailed">>;
}

function harness(): Harness {
  const sockets: FakeSocket[] = [];
  const lastSeq = { value: 0 };
  let n = 0;
  const listener = {
    status: vi.fn(),
    ack: vi.fn(),
    reject: vi.fn(),
    event: vi.fn(),
    events: vi.fn(),
    handshakeFailed: vi.fn(),
  };
  const client = new SyncClient({
    url: "ws://editor.test/ws/p1",
    token: "tok123",
    lastSeq: () => lastSeq.value,
    listener,
    socketFactory: (url, protocols) => {
      const s = new FakeSocket(url, protocols);
      sockets.push(s);
      return s;
    },
    newId: () => `ev-${++n}`,
    random: () => 0.5,
  });
  return { client, sockets, socket: () => sockets[sockets.length - 1]!, lastSeq, listener };
}

/** Open the newest socket and answer hello with welcome. */
function connect(h: Harness, headSeq = 0): FakeSocket {
  const s = h.socket();
  s.open();
  s.receive({ type: "welcome", head_seq: headSeq, role: "editor" });
  return s;
}

const commandsSent = (s: FakeSocket) => s.frames().filter((f) => f.type === "command");

describe("SyncClient", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("opens the project socket with the pryzm.v1 and bearer sub-protocols", () => {
    const h = harness();
    h.client.start();
    expect(h.socket().url).toBe("ws://editor.test/ws/p1");
    expect(h.socket().protocols).toEqual(["pryzm.v1", "bearer.tok123"]);
    expect(h.client.connection).toBe("connecting");
  });

  it("says hello with the last applied seq, and is online after welcome", () => {
    const h = harness();
    h.lastSeq.value = 17;
    h.client.start();
    h.socket().open();
    expect(h.socket().frames()).toEqual([{ type: "hello", last_seq: 17 }]);
    h.socket().receive({ type: "welcome", head_seq: 20 });
    expect(h.client.connection).toBe("online");
    expect(h.listener.status).toHaveBeenLastCalledWith("online");
  });

  it("sends a command with a fresh event_id and keeps it until acked", () => {
    const h = harness();
    h.client.start();
    const s = connect(h);
    const id = h.client.send(wallCmd("w1"));
    expect(commandsSent(s)).toEqual([{ type: "command", event_id: id, command: wallCmd("w1") }]);
    expect(h.client.pending.has(id)).toBe(true);
    s.receive({ type: "ack", event_id: id, seq: 2, first_seq: 2 });
    expect(h.client.pending.size).toBe(0);
    expect(h.listener.ack).toHaveBeenCalledWith(id, 2, wallCmd("w1"));
  });

  it("drops a rejected command and reports it with the command", () => {
    const h = harness();
    h.client.start();
    const s = connect(h);
    const id = h.client.send(wallCmd("w1"));
    const reject: RejectFrame = { type: "reject", event_id: id, code: "zero_length", message: "too short" };
    s.receive(reject);
    expect(h.client.pending.size).toBe(0);
    expect(h.listener.reject).toHaveBeenCalledWith(reject, wallCmd("w1"));
    // never retried: a reconnect sends no command
    s.drop();
    vi.advanceTimersByTime(10_000);
    const s2 = connect(h);
    expect(commandsSent(s2)).toEqual([]);
  });

  it("refuses a command above the server's limit itself: never sent, never queued, reported as command_too_large (case S6)", async () => {
    const h = harness();
    h.client.start();
    const s = h.socket();
    s.open();
    s.receive({ type: "welcome", head_seq: 0, role: "editor", max_command_bytes: 2_000 });
    const big: Command = { type: "place_slab", id: "s1", level_id: L0, boundary: Array.from({ length: 1000 }, (_, i) => [i, i * 2]) };
    const id = h.client.send(big);
    expect(h.listener.reject).not.toHaveBeenCalled(); // told after the caller has the id
    await Promise.resolve();
    const [frame, command] = vi.mocked(h.listener.reject).mock.calls[0]!;
    expect(frame).toMatchObject({ event_id: id, code: "command_too_large", details: { limit: 2_000 } });
    expect(frame.message).toMatch(/limit is 2,000/);
    expect(command).toEqual(big);
    expect(commandsSent(s)).toEqual([]);
    expect(h.client.pending.size).toBe(0);
    // A small one still goes, and a reconnect resends nothing big.
    const small = h.client.send(wallCmd("w1"));
    s.drop();
    vi.advanceTimersByTime(10_000);
    const s2 = connect(h);
    expect(commandsSent(s2).map((f) => f.event_id)).toEqual([small]);
  });

  it("drops a queued command that is above the limit the server names on welcome", () => {
    const h = harness();
    h.client.start();
    const big: Command = { type: "place_slab", id: "s1", level_id: L0, boundary: Array.from({ length: 1000 }, (_, i) => [i, i * 2]) };
    const id = h.client.send(big); // offline: queued under the default limit
    const small = h.client.send(wallCmd("w1"));
    h.socket().open();
    h.socket().receive({ type: "welcome", head_seq: 0, max_command_bytes: 2_000 });
    expect(commandsSent(h.socket()).map((f) => f.event_id)).toEqual([small]);
    expect(h.listener.reject).toHaveBeenCalledWith(expect.objectContaining({ event_id: id, code: "command_too_large" }), big);
    expect(h.client.pending.size).toBe(1);
  });

  it("queues commands while offline and sends them after welcome", () => {
    const h = harness();
    h.client.start();
    const id = h.client.send(wallCmd("w1"));
    h.socket().open();
    expect(commandsSent(h.socket())).toEqual([]); // not before welcome
    h.socket().receive({ type: "welcome", head_seq: 1 });
    expect(commandsSent(h.socket()).map((f) => f.event_id)).toEqual([id]);
  });

  it("after a reconnect resumes from the last applied seq and resends unacked commands in order with the same event_id", () => {
    const h = harness();
    h.client.start();
    const s1 = connect(h, 1);
    const a = h.client.send(wallCmd("a"));
    const b = h.client.send(wallCmd("b"));
    const c = h.client.send(wallCmd("c"));
    s1.receive({ type: "ack", event_id: b, seq: 2, first_seq: 2 });
    h.lastSeq.value = 2;
    s1.drop();
    expect(h.client.connection).toBe("offline");
    expect(h.listener.status).toHaveBeenLastCalledWith("offline");

    vi.advanceTimersByTime(999);
    expect(h.sockets).toHaveLength(1); // backoff: at least 1 s
    vi.advanceTimersByTime(1);
    expect(h.sockets).toHaveLength(2);
    const s2 = h.socket();
    s2.open();
    expect(s2.frames()[0]).toEqual({ type: "hello", last_seq: 2 });
    s2.receive({ type: "welcome", head_seq: 2 });
    expect(commandsSent(s2)).toEqual([
      { type: "command", event_id: a, command: wallCmd("a") },
      { type: "command", event_id: c, command: wallCmd("c") },
    ]);
  });

  it("backs off longer after repeated failures, and resets after a welcome", () => {
    const h = harness();
    h.client.start();
    h.socket().drop(); // attempt 0 -> 1 s
    expect(h.listener.handshakeFailed).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    h.socket().drop(); // attempt 1 -> 2 s
    vi.advanceTimersByTime(1999);
    expect(h.sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(h.sockets).toHaveLength(3);
    connect(h);
    h.socket().drop(); // after a welcome: back to 1 s
    vi.advanceTimersByTime(1000);
    expect(h.sockets).toHaveLength(4);
  });

  it("relays catch-up pages and live events", () => {
    const h = harness();
    h.client.start();
    const s = connect(h);
    const rec = { seq: 1, event_id: "x", event: { type: "create_level", id: L0, name: "Level 0" } };
    s.receive({ type: "events", events: [rec], more: false });
    s.receive({ type: "event", ...rec });
    expect(h.listener.events).toHaveBeenCalledWith([rec], false);
    expect(h.listener.event).toHaveBeenCalledWith(rec);
  });

  it("pings every 20 s and drops a silent socket", () => {
    const h = harness();
    h.client.start();
    const s = connect(h);
    s.receive({ type: "events", events: [], more: false });
    vi.advanceTimersByTime(20_000);
    expect(s.frames().filter((f) => f.type === "ping")).toHaveLength(1);
    s.receive({ type: "pong" });
    vi.advanceTimersByTime(40_000);
    expect(s.frames().filter((f) => f.type === "ping")).toHaveLength(3);
    // no frame for 60 s since the pong: the tick after 2.5 intervals gives up on the socket
    vi.advanceTimersByTime(20_000);
    expect(h.client.connection).toBe("offline");
    vi.advanceTimersByTime(1000);
    expect(h.sockets).toHaveLength(2);
  });

  it("gives a catch-up in progress minutes between pages before it drops the socket (S5)", () => {
    const h = harness();
    h.client.start();
    const s = connect(h, 90_000);
    s.receive({ type: "events", events: [], more: true });
    // A slow link: the next page (a big imported mesh) takes four minutes to arrive.
    vi.advanceTimersByTime(240_000);
    expect(h.client.connection).toBe("online");
    expect(h.sockets).toHaveLength(1);
    s.receive({ type: "events", events: [], more: false });
    // Caught up: back to the usual 2.5 ping intervals of silence.
    vi.advanceTimersByTime(60_000);
    expect(h.client.connection).toBe("offline");
  });

  it("drops a catch-up that has been silent for five minutes, and is patient again on the next socket", () => {
    const h = harness();
    h.client.start();
    connect(h, 90_000);
    vi.advanceTimersByTime(300_000);
    expect(h.client.connection).toBe("online");
    vi.advanceTimersByTime(20_000);
    expect(h.client.connection).toBe("offline");
    vi.advanceTimersByTime(1000);
    expect(h.sockets).toHaveLength(2);
    const again = connect(h, 90_000);
    vi.advanceTimersByTime(240_000);
    expect(again.readyState).toBe(1);
  });

  it("stop closes the socket and does not reconnect", () => {
    const h = harness();
    h.client.start();
    connect(h);
    h.client.stop();
    expect(h.sockets[0]!.readyState).toBe(3);
    vi.advanceTimersByTime(60_000);
    expect(h.sockets).toHaveLength(1);
  });
});
