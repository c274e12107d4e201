import { applyCommand } from "../../src/model/decide";
import { ModelState, type Level } from "../../src/model/elements";
import { elementsInBox, pickElement } from "../../src/model/pick";
import { snapPointer } from "../../src/model/snap";
import type { Command, Point2 } from "../../src/net/protocol";
import type { Preview } from "../../src/tools/preview";
import type { SnapRequest, ToolContext } from "../../src/tools/tool";

export const L0 = "00000000-0000-4000-8000-000000000001";

/**
 * A plain-object ToolContext over a real ModelState: issued commands are recorded and (like
 * the optimistic overlay) applied at once; snapping and picking are the real ones at a fixed
 * zoom (tolerance 0.15 m).
 */
export class FakeToolContext implements ToolContext {
  readonly model = new ModelState();
  levelId: string | null = L0;
  editable = true;
  issued: Command[] = [];
  labels: string[] = [];
  previewed: Preview | null = null;
  selected: string[] = [];
  lastHint = "";
  notes: string[] = [];
  tol = 0.15;
  private n = 0;

  constructor() {
    applyCommand(this.model, { type: "create_level", id: L0, name: "Level 0", height: 3 });
  }

  /** Put elements in the model without recording them as issued. */
  given(...commands: Command[]): this {
    for (const c of commands) if (!applyCommand(this.model, c)) throw new Error(`refused: ${c.type}`);
    return this;
  }

  state = () => this.model;
  level = (): Level | null => (this.levelId ? (this.model.levels.get(this.levelId) ?? null) : null);
  canEdit = () => this.editable;
  issue = (c: Command, label: string) => {
    this.issued.push(c);
    this.labels.push(label);
    applyCommand(this.model, c);
  };
  newId = () => `00000000-0000-4000-8000-${(0xf00 + ++this.n).toString(16).padStart(12, "0")}`;
  snap = (raw: Point2, req: SnapRequest = {}) => snapPointer(raw, this.model.on(this.levelId), { tolerance: this.tol, grid: 0.1, ...req });
  tolerance = () => this.tol;
  pick = (p: Point2, exclude?: Set<string>) => pickElement(this.model, this.model.on(this.levelId), p, this.tol, exclude);
  inBox = (box: Parameters<ToolContext["inBox"]>[0], mode: "window" | "crossing") => elementsInBox(this.model, this.model.on(this.levelId), box, mode);
  selection = () => [...this.selected];
  select = (ids: string[]) => void (this.selected = [...ids]);
  setPreview = (p: Preview | null) => void (this.previewed = p);
  hint = (t: string) => void (this.lastHint = t);
  notify = (t: string) => void this.notes.push(t);
}

export const NONE = { shift: false, alt: false };
export const SHIFT = { shift: true, alt: false };
