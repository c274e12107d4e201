import type { Wall } from "../../src/model/mirror";
import type { Command, Point2 } from "../../src/net/protocol";
import type { ToolContext } from "../../src/tools/tool";

/** A plain-object ToolContext that records what a tool does. */
export class FakeToolContext implements ToolContext {
  level: string | null = "L0";
  issued: Command[] = [];
  preview: Wall | null = null;
  selected: string | null = null;
  lastHint = "";
  walls: Wall[] = [];
  private n = 0;

  levelId = () => this.level;
  issue = (c: Command) => void this.issued.push(c);
  newId = () => `id-${++this.n}`;
  setPreview = (w: Wall | null) => void (this.preview = w);
  wallAt = (p: Point2) => this.walls.find((w) => Math.abs(p[1] - w.start[1]) < 0.2 && p[0] >= w.start[0] && p[0] <= w.end[0]) ?? null;
  selection = () => this.selected;
  select = (id: string | null) => void (this.selected = id);
  hint = (t: string) => void (this.lastHint = t);
}
