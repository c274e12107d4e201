import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ModelMirror } from "../../src/model/mirror";
import type { EventRecord } from "../../src/net/protocol";
import type { SyncClient } from "../../src/net/sync";
import { GAP_RESYNC_MS, SyncBridge, type BridgeTarget } from "../../src/ui/syncBridge";

const L0 = "00000000-0000-4000-8000-000000000001";
const rec = (seq: number): EventRecord => ({
  seq,
  event_id: `e${seq}`,
  event: seq === 1 ? { type: "create_level", id: L0, name: "Level 0" } : { type: "update_level", id: L0, name: `n${seq}` },
});

function target() {
  const reconnectNow = vi.fn();
  const t = {
    mirror: new ModelMirror(),
    sync: { reconnectNow } as unknown as SyncClient,
    setConnection: vi.fn(),
    setRole: vi.fn(),
    caughtUp: vi.fn(),
    acked: vi.fn(),
    rejected: vi.fn(),
    showBake: vi.fn(),
    setJobProgress: vi.fn(),
    notify: vi.fn(),
    checkAccess: vi.fn(async () => undefined),
  } satisfies BridgeTarget;
  return { t, reconnectNow };
}

describe("SyncBridge", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("folds catch-up pages and reports caught up on the last page", () => {
    const { t } = target();
    const bridge = new SyncBridge(t);
    bridge.events([rec(1), rec(2)], true);
    expect(t.caughtUp).not.toHaveBeenCalled();
    bridge.events([rec(3)], false);
    expect(t.mirror.seq).toBe(3);
    expect(t.caughtUp).toHaveBeenCalledTimes(1);
  });

  it("a welcome at the head we already have counts as caught up", () => {
    const { t } = target();
    const bridge = new SyncBridge(t);
    t.mirror.apply(rec(1));
    bridge.welcome({ type: "welcome", head_seq: 1, role: "viewer" });
    expect(t.setRole).toHaveBeenCalledWith("viewer");
    expect(t.caughtUp).toHaveBeenCalledTimes(1);
  });

  it("reconnects to fill a gap that live events do not fill", () => {
    const { t, reconnectNow } = target();
    const bridge = new SyncBridge(t);
    bridge.event(rec(1));
    bridge.event(rec(3)); // seq 2 went missing
    vi.advanceTimersByTime(GAP_RESYNC_MS);
    expect(reconnectNow).toHaveBeenCalledTimes(1);
  });

  it("does not reconnect when the missing event arrives in time", () => {
    const { t, reconnectNow } = target();
    const bridge = new SyncBridge(t);
    bridge.event(rec(1));
    bridge.event(rec(3));
    bridge.event(rec(2));
    vi.advanceTimersByTime(GAP_RESYNC_MS);
    expect(reconnectNow).not.toHaveBeenCalled();
    expect(t.mirror.seq).toBe(3);
  });

  it("passes rejects on with their code and command", () => {
    const { t } = target();
    const bridge = new SyncBridge(t);
    const cmd = { type: "delete_elements" as const, ids: ["x"] };
    bridge.reject({ type: "reject", event_id: "e9", code: "unknown_element", message: "There is no element x." }, cmd);
    expect(t.rejected).toHaveBeenCalledWith("e9", "unknown_element", "There is no element x.", cmd);
  });

  it("hands every job frame to the editor; only bakes move the status bar's progress", () => {
    const { t } = target();
    const onJob = vi.fn();
    const bridge = new SyncBridge({ ...t, onJob });
    bridge.job({ type: "job", id: 4, kind: "import", status: "running", progress: 0.3, stage: "geometry" });
    expect(onJob).toHaveBeenCalledWith(expect.objectContaining({ id: 4, kind: "import" }));
    expect(t.setJobProgress).not.toHaveBeenCalled();
    bridge.job({ type: "job", id: 5, kind: "bake", status: "running", progress: 0.5 });
    expect(onJob).toHaveBeenCalledTimes(2);
    expect(t.setJobProgress).toHaveBeenCalledWith(0.5);
  });
});
