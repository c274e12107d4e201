import { describe, expect, it } from "vitest";
import { decide } from "../../src/model/decide";
import { ModelMirror } from "../../src/model/mirror";
import { Optimistic } from "../../src/model/optimistic";
import type { Command, EventRecord, ModelEvent } from "../../src/net/protocol";

const L0 = "00000000-0000-4000-8000-000000000001";
const W1 = "00000000-0000-4000-8000-0000000000a1";
const W2 = "00000000-0000-4000-8000-0000000000a2";
const placeW1: Command = { type: "place_wall", id: W1, level_id: L0, start: [0, 0], end: [5, 0] };
const placeW2: Command = { type: "place_wall", id: W2, level_id: L0, start: [5, 0], end: [5, 5] };

function committed(...commands: Command[]): ModelMirror {
  const m = new ModelMirror();
  m.apply({ seq: 1, event_id: "e1", event: { type: "create_level", id: L0, name: "L" } });
  for (const c of commands) commit(m, c, `c${m.seq + 1}`);
  return m;
}

function commit(m: ModelMirror, c: Command, commandId: string): EventRecord[] {
  const d = decide(m.state, c);
  if ("refusal" in d) throw new Error(d.refusal.code);
  const records = d.events.map((e: ModelEvent, i) => ({ seq: m.seq + 1 + i, event_id: `${commandId}.${i}`, command_id: commandId, event: e }));
  m.apply(records);
  return records;
}

describe("Optimistic", () => {
  it("shows pending commands on top of the committed state, in issue order", () => {
    const m = committed();
    const o = new Optimistic();
    o.add("a", placeW1);
    o.add("b", { type: "update_wall", id: W1, thickness: 0.4 });
    const view = o.view(m.state);
    expect(view.elements.get(W1)).toMatchObject({ thickness: 0.4 });
    expect(m.state.elements.has(W1)).toBe(false); // the committed state is untouched
    expect(o.touchedIds()).toEqual(new Set([W1]));
  });

  it("is the committed state itself when nothing is pending", () => {
    const m = committed(placeW1);
    expect(new Optimistic().view(m.state)).toBe(m.state);
  });

  it("drops an entry when its event lands, and when the mirror reaches its acked seq", () => {
    const m = committed();
    const o = new Optimistic();
    o.add("a", placeW1);
    o.add("b", placeW2);
    commit(m, placeW1, "a");
    expect(o.landed("a")).toBe(true);
    o.ack("b", 3);
    expect(o.prune(m.seq)).toBe(false);
    commit(m, placeW2, "b");
    expect(o.prune(m.seq)).toBe(true);
    expect(o.size).toBe(0);
  });

  it("reconciles with the server's order: someone else's change committed first still shows ours on top", () => {
    const m = committed(placeW1);
    const o = new Optimistic();
    o.add("mine", { type: "update_wall", id: W1, height: 2.5 });
    commit(m, { type: "update_wall", id: W1, thickness: 0.35 }, "theirs");
    expect(o.view(m.state).elements.get(W1)).toMatchObject({ height: 2.5, thickness: 0.35 });
  });

  it("shows nothing for a pending command that no longer fits (the server will reject it)", () => {
    const m = committed(placeW1);
    const o = new Optimistic();
    o.add("mine", { type: "update_wall", id: W1, height: 2.5 });
    commit(m, { type: "delete_elements", ids: [W1] }, "theirs");
    const view = o.view(m.state);
    expect(view.elements.has(W1)).toBe(false);
    expect(o.reject("mine")).toBe(true);
  });

  it("keeps a wall created and deleted while offline out of the view (case S3)", () => {
    const m = committed();
    const o = new Optimistic();
    o.add("a", placeW1);
    o.add("b", { type: "delete_elements", ids: [W1] });
    expect(o.view(m.state).elements.has(W1)).toBe(false);
  });
});
