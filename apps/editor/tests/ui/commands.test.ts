import { describe, expect, it } from "vitest";
import { applyCommand } from "../../src/model/decide";
import { ModelState } from "../../src/model/elements";
import type { Command } from "../../src/net/protocol";
import { CommandDesk, type Origin } from "../../src/ui/commands";

const L0 = "00000000-0000-4000-8000-000000000001";
const W1 = "00000000-0000-4000-8000-0000000000a1";

function desk(canEdit = true) {
  const committed = new ModelState();
  applyCommand(committed, { type: "create_level", id: L0, name: "L" });
  applyCommand(committed, { type: "place_column", id: "00000000-0000-4000-8000-0000000000c0", level_id: L0, position: [-9, -9] });
  const sent: [string, Command][] = [];
  const reports: [string, string, Origin][] = [];
  let n = 0;
  const d: CommandDesk = new CommandDesk({
    send: (c) => {
      const id = `e${++n}`;
      sent.push([id, c]);
      return id;
    },
    view: () => d.optimistic.view(committed),
    canEdit: () => canEdit,
    changed: () => undefined,
    report: (text, kind, origin) => reports.push([text, kind, origin]),
  });
  /** The server commits a sent command. */
  const commit = (eventId: string) => {
    const c = sent.find(([id]) => id === eventId)![1];
    applyCommand(committed, c);
    d.landed(eventId);
    d.acked(eventId, 0);
  };
  return { d, sent, reports, committed, commit };
}

const wall: Command = { type: "place_wall", id: W1, level_id: L0, start: [0, 0], end: [4, 0] };

describe("CommandDesk", () => {
  it("sends, shows at once, and undoes and redoes the user's command as new commands", () => {
    const { d, sent, committed, commit } = desk();
    const id = d.issue(wall, "draw wall")!;
    expect(d.optimistic.view(committed).elements.has(W1)).toBe(true);
    commit(id);
    d.undo();
    expect(sent[1]![1]).toEqual({ type: "delete_elements", ids: [W1] });
    commit(sent[1]![0]);
    expect(committed.elements.has(W1)).toBe(false);
    d.redo();
    expect(sent[2]![1]).toEqual(wall);
  });

  it("drops an undo step the server rejects, with a message next to undo", () => {
    const { d, sent, reports, commit } = desk();
    commit(d.issue(wall, "draw wall")!);
    d.undo();
    d.rejected(sent[1]![0], "unknown_element", "There is no element.", sent[1]![1]);
    expect(reports.at(-1)).toEqual([expect.stringMatching(/Could not undo "draw wall".*dropped/), "error", "undo"]);
    expect(d.history.sizes).toEqual({ undo: 0, redo: 0 });
  });

  it("routes a rejected panel change back to the panel, in words", () => {
    const { d, sent, reports } = desk();
    d.issue({ type: "update_wall", id: W1, thickness: 0.3 }, "change thickness", "panel");
    d.rejected(sent[0]![0], "unknown_element", "There is no element.", undefined);
    expect(reports.at(-1)![2]).toBe("panel");
    expect(reports.at(-1)![0]).toMatch(/^Wall not changed: the element does not exist/);
  });

  it("refuses to send for viewers, but a scripted command goes to the server as is", async () => {
    const { d, sent, reports } = desk(false);
    expect(d.issue(wall, "draw wall")).toBeNull();
    expect(reports[0]![0]).toMatch(/view-only/);
    const outcome = d.script(wall);
    d.rejected(sent[0]![0], "forbidden", "Viewers cannot change the model.", wall);
    await expect(outcome).resolves.toEqual({ type: "reject", code: "forbidden", message: "Viewers cannot change the model." });
  });
});
