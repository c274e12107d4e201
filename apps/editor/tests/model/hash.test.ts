import { describe, expect, it } from "vitest";
import { ModelMirror } from "../../src/model/mirror";
import type { EventRecord } from "../../src/net/protocol";
import fixture from "../fixtures/state_fixture.json";

// The fixture is written by the server's own domain core (make_state_fixture.py): the same
// log, decided and applied in Python, with State.hash() after each command.
const records = fixture.records as unknown as EventRecord[];
const hashes = fixture.hashes as Record<string, string>;

describe("state hash", () => {
  it("equals the server's State.hash() after every command of a log using every command type", () => {
    const m = new ModelMirror();
    for (const r of records) {
      m.apply(r);
      const want = hashes[String(r.seq)];
      if (want) expect({ seq: r.seq, hash: m.hash() }).toEqual({ seq: r.seq, hash: want });
    }
    expect(m.seq).toBe(records.length);
  });

  it("is the same on two mirrors that got the same events in different pages and orders", () => {
    const a = new ModelMirror();
    const b = new ModelMirror();
    a.apply(records);
    for (const r of [...records].reverse()) b.apply(r); // held back until the gap fills
    expect(b.hash()).toBe(a.hash());
  });

  it("changes with the model and not with the seq", () => {
    const m = new ModelMirror();
    m.apply(records.slice(0, 3));
    const before = m.hash();
    m.apply(records[3]!);
    expect(m.hash()).not.toBe(before);
  });
});
