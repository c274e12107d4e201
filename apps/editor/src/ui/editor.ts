/**
 * The editor of one project: wires the sync client to the model mirror, the mirror and the
 * optimistic overlay to the plan view, bakes to the 3D view, and the tools to the plan.
 * One instance per open project; `dispose` releases the socket, renderers and listeners.
 */

import { Box3, Vector3 } from "three";
import { provisionalOrigin, modelToThree } from "../model/coords";
import { pickWall, wallsBounds } from "../model/geometry";
import { ModelMirror, type Wall } from "../model/mirror";
import { Optimistic } from "../model/optimistic";
import { newId } from "../net/ids";
import type { Command, Manifest, Point3, Role } from "../net/protocol";
import { ApiError, type RestClient } from "../net/rest";
import { projectSocketUrl, type SocketFactory } from "../net/socket";
import { SyncClient, type ConnectionState } from "../net/sync";
import { Bakes } from "../render/bakes";
import { openCacheStore } from "../render/meshCache";
import { attachPlanInput, isTyping } from "../render/planInput";
import { PlanView } from "../render/planView";
import { View3D } from "../render/view3d";
import { SelectTool } from "../tools/select";
import type { Tool, ToolContext, ToolName } from "../tools/tool";
import { WallTool } from "../tools/wall";
import { editorLayout, type EditorLayout } from "./editorLayout";
import { LevelSwitcher } from "./levels";
import { bakeLabel, StatusBar } from "./statusbar";
import type { Toasts } from "./toast";
import { Toolbar } from "./toolbar";
import { describeCommandFailure, levelToCreate } from "./editorText";
import { SyncBridge } from "./syncBridge";

export interface EditorDeps {
  rest: RestClient;
  token: string;
  projectId: string;
  toasts: Toasts;
  /** The project cannot be opened (not a member, does not exist). */
  onFatal: (message: string) => void;
  socketFactory?: SocketFactory;
}

const PICK_TOLERANCE_PX = 6;

export class Editor {
  readonly element: HTMLElement;
  readonly mirror = new ModelMirror();
  readonly optimistic = new Optimistic();
  readonly sync: SyncClient;
  private readonly layout: EditorLayout;
  private readonly status = new StatusBar();
  private readonly toolbar: Toolbar;
  private readonly levels: LevelSwitcher;
  private readonly plan: PlanView;
  private readonly view3d: View3D;
  private readonly bakes: Bakes;
  private readonly tools: Record<ToolName, Tool>;
  private tool: Tool;
  private levelId: string | null = null;
  private wantedLevelId: string | null = null;
  private selectedId: string | null = null;
  private role: Role | null = null;
  private localOrigin: Point3 | null = null;
  private planFitted = false;
  private view3dFitted = false;
  private jobProgress: number | null = null;
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly deps: EditorDeps) {
    this.levels = new LevelSwitcher((id) => this.setLevel(id), () => this.addLevel());
    this.toolbar = new Toolbar({ tool: (n) => this.setTool(n), fit: () => this.fit() }, this.levels.element);
    this.layout = editorLayout(this.toolbar, this.status);
    this.element = this.layout.element;
    this.plan = new PlanView(this.layout.planCanvas);
    this.bakes = new Bakes({
      download: (url) => deps.rest.binary(url),
      store: openCacheStore(),
      materialFor: (name) => this.view3d.material(name),
      onChange: () => this.onBakeChange(),
      onError: (msg) => this.notify(msg, "error"),
    });
    this.view3d = new View3D(this.layout.view3dCanvas, this.bakes.scene.group);
    if (!this.plan.available) this.showNotice(this.layout.planNotice, "WebGL is unavailable: the plan cannot be drawn.");
    if (!this.view3d.available) this.showNotice(this.layout.view3dNotice, "WebGL is unavailable: the 3D view cannot be drawn.");

    const ctx = this.toolContext();
    this.tools = { select: new SelectTool(ctx), wall: new WallTool(ctx) };
    this.tool = this.tools.select;
    this.toolbar.setActive("select");

    const bridge = new SyncBridge(this);
    this.sync = new SyncClient({
      url: projectSocketUrl(location, deps.projectId),
      token: deps.token,
      lastSeq: () => this.mirror.seq,
      listener: bridge,
      socketFactory: deps.socketFactory,
    });
    this.cleanups.push(
      this.mirror.onChange(() => this.onModelChange()),
      attachPlanInput(this.plan, {
        pointerDown: (p) => this.tool.pointerDown(p),
        pointerMove: (p) => this.tool.pointerMove(p),
      }),
      listen(window, "keydown", (ev) => this.onKey(ev as KeyboardEvent)),
      () => bridge.dispose(),
    );
    this.sync.start();
    void this.loadLatestBake();
  }

  // ---- read-only state (window.__pryzm) ----
  headSeq = () => this.mirror.seq;
  wallCount = () => this.mirror.walls.size;
  walls = () => [...this.mirror.walls.values()].map(({ id, start, end, level_id }) => ({ id, start: [...start], end: [...end], level_id }));
  bakedSeq = () => this.bakes.bakedSeq;
  meshCount = () => this.bakes.scene.meshCount;
  meshFetches = () => this.bakes.cache.fetchCount;
  connection = (): ConnectionState => this.sync.connection;
  planToScreen = (x: number, y: number) => this.plan.toClient(x, y);
  currentLevel = () => this.levelId;
  pendingCount = () => this.sync.pending.size;

  dispose(): void {
    this.sync.stop();
    for (const fn of this.cleanups.splice(0)) fn();
    this.plan.dispose();
    this.view3d.dispose();
  }

  // ---- called by the sync bridge ----
  setConnection(state: ConnectionState): void {
    this.status.setConnection(state);
  }

  setRole(role: Role | null): void {
    this.role = role;
    const editable = role !== "viewer";
    this.toolbar.setEditable(editable);
    this.levels.setEditable(editable);
    if (!editable && this.tool.name === "wall") this.setTool("select");
  }

  caughtUp(): void {
    if (this.planFitted) return;
    this.planFitted = true;
    const box = wallsBounds(this.levelId ? this.mirror.wallsOn(this.levelId) : []);
    if (box) {
      this.plan.viewport.fit(box);
      this.plan.invalidate();
    }
  }

  acked(eventId: string, seq: number): void {
    this.optimistic.ack(eventId, seq);
    if (this.optimistic.prune(this.mirror)) this.refreshPlan();
  }

  rejected(eventId: string, code: string, message: string, command: Command | undefined): void {
    this.optimistic.reject(eventId);
    this.refreshPlan();
    this.notify(describeCommandFailure(command, code, message), "error");
  }

  setJobProgress(progress: number | null): void {
    this.jobProgress = progress;
    this.refreshBakeStatus();
  }

  showBake(manifest: Manifest): void {
    void this.bakes.show(manifest);
  }

  notify(text: string, kind: "info" | "error" = "info"): void {
    this.status.setMessage(text, kind);
    this.deps.toasts.show(text, kind);
  }

  /** The socket was refused before opening: find out why over REST. */
  async checkAccess(): Promise<void> {
    try {
      await this.deps.rest.getProject(this.deps.projectId);
    } catch (err) {
      if (!(err instanceof ApiError)) return;
      if (err.status === 403 || err.status === 404) {
        this.sync.stop();
        this.deps.onFatal(err.status === 404 ? "This project does not exist." : "You are not a member of this project.");
      }
      // 401 is handled by the REST client (back to sign-in); others: keep reconnecting.
    }
  }

  // ---- internals ----
  private toolContext(): ToolContext {
    return {
      levelId: () => this.levelId,
      issue: (command) => this.issue(command),
      newId,
      setPreview: (wall) => this.plan.setPreview(wall),
      wallAt: (p) => {
        const hidden = this.optimistic.hiddenIds();
        const walls = this.levelId ? this.mirror.wallsOn(this.levelId).filter((w) => !hidden.has(w.id)) : [];
        return pickWall(walls, p, PICK_TOLERANCE_PX / this.plan.viewport.scale);
      },
      selection: () => this.selectedId,
      select: (id) => {
        this.selectedId = id;
        this.refreshPlan();
      },
      hint: (text) => this.status.setHint(text),
    };
  }

  private issue(command: Command): void {
    if (this.role === "viewer") {
      this.notify("You have view-only access to this project.", "error");
      return;
    }
    const eventId = this.sync.send(command);
    this.optimistic.add(eventId, command);
    this.refreshPlan();
  }

  private setTool(name: ToolName): void {
    if (name === "wall" && this.role === "viewer") return;
    this.tool.cancel();
    this.tool = this.tools[name];
    this.toolbar.setActive(name);
    this.layout.planCanvas.dataset.tool = name;
    this.status.setHint(name === "wall" ? "click to start a wall" : "");
  }

  private setLevel(id: string): void {
    if (id === this.levelId) return;
    this.tool.cancel();
    this.levelId = id;
    this.selectedId = null;
    this.refreshLevels();
    this.refreshPlan();
  }

  private addLevel(): void {
    const command = levelToCreate(this.mirror.levelList(), newId());
    this.wantedLevelId = command.id;
    this.issue(command);
  }

  private fit(): void {
    const walls = [...this.mirror.walls.values()];
    const onLevel = this.levelId ? this.mirror.wallsOn(this.levelId) : [];
    const box = wallsBounds(onLevel.length ? onLevel : walls);
    if (box) this.plan.viewport.fit(box);
    this.plan.invalidate();
    if (!this.view3d.fit()) this.view3d.fit(this.wallsBox3(walls) ?? undefined);
  }

  private wallsBox3(walls: Wall[]): Box3 | null {
    const box = wallsBounds(walls);
    if (!box) return null;
    const origin = this.origin();
    const top = Math.max(...walls.map((w) => (this.mirror.levels.get(w.level_id)?.elevation ?? 0) + w.base_offset + w.height));
    const a = modelToThree([box.min[0], box.min[1], 0], origin);
    const b = modelToThree([box.max[0], box.max[1], top], origin);
    return new Box3().setFromPoints([new Vector3(...a), new Vector3(...b)]);
  }

  private onKey(ev: KeyboardEvent): void {
    if (isTyping(ev.target) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (this.tool.keyDown(ev.key)) {
      ev.preventDefault();
      return;
    }
    const key = ev.key.toLowerCase();
    if (key === "v") this.setTool("select");
    else if (key === "w") this.setTool("wall");
    else if (key === "f") this.fit();
  }

  private onModelChange(): void {
    if (!this.localOrigin) {
      const first = this.mirror.walls.values().next().value;
      if (first) this.localOrigin = provisionalOrigin(first.start, this.mirror.levels.get(first.level_id)?.elevation);
    }
    this.optimistic.prune(this.mirror);
    this.refreshLevels();
    this.refreshPlan();
    this.status.setSeq(this.mirror.seq);
    this.refreshBakeStatus();
  }

  private refreshLevels(): void {
    const list = this.mirror.levelList();
    if (this.wantedLevelId && this.mirror.levels.has(this.wantedLevelId)) {
      this.levelId = this.wantedLevelId;
      this.wantedLevelId = null;
      this.tool.cancel();
    }
    if (!this.levelId || !this.mirror.levels.has(this.levelId)) this.levelId = list[0]?.id ?? null;
    this.levels.update(list, this.levelId);
    const level = this.levelId ? this.mirror.levels.get(this.levelId) : undefined;
    this.layout.planLabel.textContent = level ? `Plan · ${level.name}` : "Plan";
  }

  private refreshPlan(): void {
    const level = this.levelId;
    const hidden = this.optimistic.hiddenIds();
    if (this.selectedId && !this.mirror.walls.has(this.selectedId)) this.selectedId = null;
    this.plan.setOrigin(this.origin());
    this.plan.setContent({
      walls: level ? this.mirror.wallsOn(level).filter((w) => !hidden.has(w.id)) : [],
      pending: this.optimistic.pendingWalls().filter((w) => w.level_id === level),
      selectedId: this.selectedId,
    });
  }

  private onBakeChange(): void {
    const origin = this.origin();
    this.plan.setOrigin(origin);
    this.view3d.setOrigin(origin);
    if (!this.bakes.isLoading && this.bakes.scene.meshCount > 0 && !this.view3dFitted) {
      this.view3dFitted = this.view3d.fit();
    }
    if (!this.bakes.isLoading) this.jobProgress = null;
    this.view3d.invalidate();
    this.refreshBakeStatus();
  }

  private refreshBakeStatus(): void {
    this.status.setBake(
      bakeLabel({
        bakedSeq: this.bakes.bakedSeq,
        headSeq: this.mirror.seq,
        loading: this.bakes.isLoading,
        elementCount: this.mirror.walls.size,
        progress: this.jobProgress,
      }),
    );
  }

  /** Meshes define the origin; before the first bake, the provisional one. */
  private origin(): Point3 {
    return this.bakes.origin ?? this.localOrigin ?? [0, 0, 0];
  }

  private async loadLatestBake(): Promise<void> {
    try {
      const manifest = await this.deps.rest.latestBake(this.deps.projectId);
      if (manifest) await this.bakes.show(manifest);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      this.notify(`Could not load the latest bake: ${err instanceof Error ? err.message : String(err)}`, "error");
    }
  }

  private showNotice(el: HTMLElement, text: string): void {
    el.textContent = text;
    el.hidden = false;
  }
}

function listen(target: EventTarget, type: string, fn: EventListener): () => void {
  target.addEventListener(type, fn);
  return () => target.removeEventListener(type, fn);
}
