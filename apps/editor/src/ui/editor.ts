/**
 * The editor of one project: wires the sync client to the mirror, the command desk (optimistic
 * overlay, undo history) to the tools and the properties panel, the view state to the plan
 * and the 3D scene, presence to the plan's cursors and the status bar, job frames to the
 * import dialog and export menu (and the bake's progress). One instance per open
 * project; `dispose` releases the socket, renderers and listeners.
 *
 * The view state (committed + pending) is rebuilt lazily; redraws are coalesced into one per
 * animation frame, so a burst of events costs one redraw.
 */

import type { Element, ModelState } from "../model/elements";
import { elementsBounds } from "../model/geometry";
import { creationStep } from "../model/inverse";
import { ModelMirror } from "../model/mirror";
import { elementsInBox, pickElement } from "../model/pick";
import { snapPointer } from "../model/snap";
import { newId } from "../net/ids";
import { Outbox, tokenOwner, type Restored } from "../net/outbox";
import type { Command, ImportResult, JobFrame, Point2, Point3, Role, WelcomeFrame } from "../net/protocol";
import { ApiError, type RestClient } from "../net/rest";
import { projectSocketUrl, type SocketFactory } from "../net/socket";
import { SyncClient, type ConnectionState } from "../net/sync";
import { attachPlanInput } from "../render/planInput";
import { PlanView } from "../render/planView";
import { buildTools } from "../tools/registry";
import type { Tool, ToolContext, ToolName } from "../tools/tool";
import { CommandDesk, type Origin } from "./commands";
import { editorLayout, type EditorLayout } from "./editorLayout";
import { levelToCreate } from "./editorText";
import { ExportMenu } from "./exportMenu";
import { HelpOverlay } from "./help";
import { ImportDialog } from "./importDialog";
import { levelAfterImport } from "./importReport";
import { JobBoard } from "./jobWatch";
import { editorKeys } from "./keyboard";
import { LevelSwitcher } from "./levels";
import { Presence } from "./presence";
import { PropertiesPanel } from "./properties";
import { Scene3D } from "./scene3d";
import { bakeLabel, StatusBar } from "./statusbar";
import { SyncBridge, type BridgeTarget } from "./syncBridge";
import type { Toasts } from "./toast";
import { Toolbar, type ViewMode } from "./toolbar";

export interface EditorDeps {
  rest: RestClient;
  token: string;
  projectId: string;
  toasts: Toasts;
  /** The project cannot be opened (not a member, does not exist). */
  onFatal: (message: string) => void;
  socketFactory?: SocketFactory;
}

const PICK_PX = 6;
const SNAP_PX = 10;

export class Editor implements BridgeTarget {
  readonly element: HTMLElement;
  readonly mirror = new ModelMirror();
  readonly sync: SyncClient;
  readonly desk: CommandDesk;
  readonly presenceTracker: Presence;
  readonly layout: EditorLayout;
  readonly plan: PlanView;
  readonly scene3d: Scene3D;
  private readonly status = new StatusBar();
  private readonly toolbar: Toolbar;
  private readonly levels: LevelSwitcher;
  private readonly props: PropertiesPanel;
  private readonly help = new HelpOverlay();
  private readonly jobs: JobBoard;
  private readonly importer: ImportDialog;
  private readonly exporter: ExportMenu;
  private readonly tools: Record<ToolName, Tool>;
  private tool: Tool;
  private viewCache: ModelState | null = null;
  private onLevelCache: { view: ModelState; level: string | null; elements: Element[] } | null = null;
  private levelId: string | null = null;
  private wantedLevelId: string | null = null;
  private selected: string[] = [];
  private role: Role | null = null;
  private cursor: Point2 | null = null;
  /** The first catch-up is complete (until then only the status bar follows the events). */
  private loaded = false;
  private loadingHead = 0;
  private jobProgress: number | null = null;
  /** A finished import whose events are still arriving: show it once they are in. */
  private importToShow: { firstSeq: number; lastSeq: number; levelIds: string[]; label: string } | null = null;
  /** This user, as the server names event actors (from `welcome`). */
  private userId: string | null = null;
  private frame = 0;
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly deps: EditorDeps) {
    this.levels = new LevelSwitcher((id) => this.setLevel(id), () => this.addLevel());
    this.jobs = new JobBoard({ fetch: (id) => deps.rest.job(deps.projectId, id) });
    const notify = (text: string, kind: "info" | "error") => this.notify(text, kind);
    this.importer = new ImportDialog({ rest: deps.rest, projectId: deps.projectId, jobs: this.jobs, levels: () => this.view().levelList(), currentLevel: () => this.levelId, notify, imported: (r, ids) => this.imported(r, ids) });
    this.exporter = new ExportMenu({ rest: deps.rest, projectId: deps.projectId, jobs: this.jobs, currentLevel: () => (this.levelId ? (this.view().levels.get(this.levelId) ?? null) : null), notify });
    this.toolbar = new Toolbar(
      { tool: (n) => this.setTool(n), undo: () => this.desk.undo(), redo: () => this.desk.redo(), fit: () => this.fit(), viewMode: (m) => this.setViewMode(m), help: () => this.help.toggle() },
      this.levels.element,
      [this.importer.button, this.exporter.element],
    );
    this.props = new PropertiesPanel({
      issue: (c, label) => this.desk.issue(c, label, "panel"),
      bakeWarnings: (id) => this.scene3d.bakes.scene.element(id)?.warnings ?? [],
    });
    this.layout = editorLayout(this.toolbar, this.status, this.props, this.help);
    this.element = this.layout.element;
    this.element.append(this.importer.element);
    this.plan = new PlanView(this.layout.planCanvas);
    this.layout.planView.append(this.plan.overlay.element);
    this.scene3d = new Scene3D({
      canvas: this.layout.view3dCanvas,
      download: (url) => deps.rest.binary(url),
      latestBake: () => deps.rest.latestBake(deps.projectId),
      onChange: () => this.schedule(),
      onError: (msg) => this.notify(msg, "error"),
    });
    if (!this.plan.available) this.showNotice(this.layout.planNotice, "WebGL is unavailable: the plan cannot be drawn.");
    if (!this.scene3d.view.available) this.showNotice(this.layout.view3dNotice, "WebGL is unavailable: the 3D view cannot be drawn.");

    const bridge = new SyncBridge(this);
    const outbox = new Outbox(storage(), deps.projectId, tokenOwner(deps.token));
    this.sync = new SyncClient({
      url: projectSocketUrl(location, deps.projectId),
      token: deps.token,
      lastSeq: () => this.mirror.seq,
      listener: bridge,
      socketFactory: deps.socketFactory,
      outbox,
    });
    this.desk = new CommandDesk({
      send: (c) => this.sync.send(c),
      view: () => this.view(),
      canEdit: () => this.canEdit(),
      changed: () => this.invalidateView(),
      report: (text, kind, origin) => this.report(text, kind, origin),
    });
    this.presenceTracker = new Presence((f) => this.sync.sendVolatile(f), () => this.schedule());
    this.tools = buildTools(this.toolContext());
    this.tool = this.tools.select;
    this.toolbar.setActive("select");
    this.setViewMode("split");

    this.cleanups.push(
      this.mirror.onChange(() => this.invalidateView()),
      attachPlanInput(this.plan, {
        pointerDown: (p, ev) => this.tool.pointerDown(p, { shift: ev.shiftKey, alt: ev.altKey }),
        pointerMove: (p, ev) => {
          this.cursor = p;
          this.tool.pointerMove(p, { shift: ev.shiftKey, alt: ev.altKey });
          this.sendPresence();
        },
        pointerUp: (p, ev) => this.tool.pointerUp(p, { shift: ev.shiftKey, alt: ev.altKey }),
        pointerLeave: () => {
          this.cursor = null;
          this.sendPresence();
        },
      }),
      listen(window, "keydown", editorKeys({
        helpOpen: () => this.help.open,
        toggleHelp: () => this.help.toggle(),
        undo: () => this.desk.undo(),
        redo: () => this.desk.redo(),
        toolKey: (key, info) => this.tool.keyDown(key, info),
        setTool: (name) => this.setTool(name),
        fit: () => this.fit(),
        viewMode: (mode) => this.setViewMode(mode),
        stepLevel: (d) => this.stepLevel(d),
      }) as EventListener),
      listen(window, "online", () => this.sync.connection === "offline" && this.sync.reconnectNow()),
      () => bridge.dispose(),
      () => this.presenceTracker.dispose(),
      () => this.jobs.dispose(),
      () => this.exporter.dispose(),
    );
    this.resend(outbox.restore());
    this.sync.start();
    void this.loadLatestBake();
    this.schedule();
  }

  /** Commands left unacknowledged by an earlier visit (a reload while offline): shown at
   * once and sent again with their own event ids; any the server already has are not
   * applied twice. */
  private resend(restored: Restored[]): void {
    for (const { eventId, command } of restored) {
      this.sync.send(command, eventId);
      this.desk.optimistic.add(eventId, command);
    }
    if (restored.length) {
      const n = restored.length;
      this.notify(`${n} change${n > 1 ? "s" : ""} from your last visit ${n > 1 ? "were" : "was"} not confirmed yet: sending ${n > 1 ? "them" : "it"} again.`, "info");
    }
  }

  // ---- state ----
  /** The model as the user sees it: committed events plus our pending commands. */
  view(): ModelState {
    return (this.viewCache ??= this.desk.optimistic.view(this.mirror.state));
  }

  /** The current level's elements in the view (one array per view and level, for caches). */
  levelElements(): Element[] {
    const view = this.view();
    if (this.onLevelCache?.view !== view || this.onLevelCache.level !== this.levelId) {
      this.onLevelCache = { view, level: this.levelId, elements: view.on(this.levelId) };
    }
    return this.onLevelCache.elements;
  }

  canEdit(): boolean {
    return this.role !== "viewer";
  }

  currentLevel(): string | null {
    return this.levelId;
  }

  selection(): string[] {
    return [...this.selected];
  }

  origin(): Point3 {
    return this.scene3d.bakes.origin ?? this.mirror.state.origin ?? this.view().origin ?? [0, 0, 0];
  }

  planToScreen(x: number, y: number): { x: number; y: number } {
    return this.plan.toClient(x, y);
  }

  dispose(): void {
    this.sync.stop();
    cancelAnimationFrame(this.frame);
    for (const fn of this.cleanups.splice(0)) fn();
    this.plan.dispose();
    this.scene3d.dispose();
  }

  // ---- called by the sync bridge ----
  setConnection(state: ConnectionState): void {
    this.status.setConnection(state);
    this.schedule();
  }

  welcomed(frame: WelcomeFrame): void {
    this.loadingHead = frame.head_seq;
    this.userId = frame.user?.id ?? this.userId;
    this.presenceTracker.welcome(frame);
    this.sendPresence();
  }

  onPresence(frame: Parameters<Presence["receive"]>[0]): void {
    this.presenceTracker.receive(frame);
  }

  setRole(role: Role | null): void {
    this.role = role;
    const editable = this.canEdit();
    this.toolbar.setEditable(editable);
    this.levels.setEditable(editable);
    this.importer.setEditable(editable);
    this.element.dataset.role = role ?? "";
    if (!editable && this.tool.name !== "select") this.setTool("select");
    this.schedule();
  }

  caughtUp(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.refresh();
    const box = elementsBounds(this.view(), this.view().on(this.levelId));
    if (box) this.plan.viewport.fit(box);
    this.plan.invalidate();
  }

  landed(commandId: string): void {
    this.desk.landed(commandId);
  }

  acked(eventId: string, seq: number): void {
    this.desk.acked(eventId, seq);
    if (this.desk.optimistic.prune(this.mirror.seq)) this.invalidateView();
  }

  rejected(eventId: string, code: string, message: string, command: Command | undefined): void {
    this.desk.rejected(eventId, code, message, command);
  }

  onJob(frame: JobFrame): void {
    this.jobs.receive(frame);
  }

  setJobProgress(progress: number | null): void {
    this.jobProgress = progress;
    this.schedule();
  }

  showBake(delta: Parameters<Scene3D["showDelta"]>[0]): void {
    void this.scene3d.showDelta(delta);
  }

  notify(text: string, kind: "info" | "error" = "info"): void {
    this.status.setMessage(text, kind);
    if (kind === "error") this.deps.toasts.show(text, kind);
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
    }
  }

  // ---- internals ----
  private report(text: string, kind: "info" | "error", origin: Origin): void {
    if (origin === "panel") {
      this.props.showError(kind === "error" ? text : "", kind === "error");
      this.schedule();
    }
    this.notify(text, kind);
  }

  private imported(result: ImportResult, levelIds: string[]): void {
    const name = result.report?.source?.filename;
    this.importToShow = {
      firstSeq: result.first_seq ?? 0, lastSeq: result.last_seq ?? 0, levelIds,
      label: name ? `import ${name}` : "import",
    };
    this.schedule();
  }

  /** Once an import's events are in: if the plan shows an empty level, go to where the import
   * drew (the level with the most native elements) and frame it. */
  private showImport(view: ModelState): void {
    const pending = this.importToShow;
    if (!pending || this.mirror.seq < pending.lastSeq) return;
    this.importToShow = null;
    // The import is this user's edit like any other: one undo step takes it all back.
    if (this.userId && pending.firstSeq > 0) {
      const ids = this.mirror.changedBy(this.userId, pending.firstSeq, pending.lastSeq);
      const step = creationStep(this.mirror.state, ids, pending.label);
      if (step) this.desk.history.push(step);
    }
    if (this.levelId && view.on(this.levelId).length > 0) return;
    const target = levelAfterImport(view.levelList(), pending.levelIds, (id) => {
      const on = view.on(id);
      return { native: on.filter((e) => e.kind !== "reference").length, all: on.length };
    });
    if (!target) return;
    this.setLevel(target);
    const box = elementsBounds(view, view.on(target));
    if (box) this.plan.viewport.fit(box);
    this.plan.invalidate();
  }

  private toolContext(): ToolContext {
    const scale = () => this.plan.viewport.scale;
    const onLevel = () => this.levelElements();
    return {
      state: () => this.view(),
      level: () => (this.levelId ? (this.view().levels.get(this.levelId) ?? null) : null),
      canEdit: () => this.canEdit(),
      issue: (command, label) => void this.desk.issue(command, label, "tool"),
      newId,
      snap: (raw, req = {}) => snapPointer(raw, onLevel(), { tolerance: SNAP_PX / scale(), grid: 0.1, ...req }),
      tolerance: () => PICK_PX / scale(),
      pick: (p, exclude) => pickElement(this.view(), onLevel(), p, PICK_PX / scale(), exclude),
      inBox: (box, mode) => elementsInBox(this.view(), onLevel(), box, mode),
      selection: () => this.selection(),
      select: (ids) => this.select(ids),
      setPreview: (preview) => this.plan.setPreview(preview),
      hint: (text) => this.status.setHint(text),
      notify: (text, kind) => this.notify(text, kind),
    };
  }

  private select(ids: string[]): void {
    this.selected = [...new Set(ids)];
    this.sendPresence();
    this.schedule();
  }

  private sendPresence(): void {
    this.presenceTracker.update(this.cursor, this.selected, this.levelId);
  }

  private setTool(name: ToolName): void {
    if (name !== "select" && !this.canEdit()) return;
    this.tool.cancel();
    this.tool = this.tools[name];
    this.toolbar.setActive(name);
    this.layout.planCanvas.dataset.tool = name;
    this.status.setHint(name === "select" ? "" : `${name} tool`);
  }

  private setViewMode(mode: ViewMode): void {
    this.layout.setViewMode(mode);
    this.toolbar.setViewMode(mode);
    requestAnimationFrame(() => {
      this.plan.invalidate();
      this.scene3d.view.invalidate();
    });
  }

  private setLevel(id: string): void {
    if (id === this.levelId) return;
    this.tool.cancel();
    this.levelId = id;
    this.selected = [];
    this.sendPresence();
    this.schedule();
  }

  private stepLevel(direction: 1 | -1): void {
    const list = this.view().levelList();
    const i = list.findIndex((l) => l.id === this.levelId);
    const next = list[i + direction];
    if (next) this.setLevel(next.id);
  }

  private addLevel(): void {
    const command = levelToCreate(this.view().levelList(), newId());
    this.wantedLevelId = command.id;
    this.desk.issue(command, "add level", "tool");
  }

  private fit(): void {
    const view = this.view();
    const onLevel = view.on(this.levelId);
    const box = elementsBounds(view, onLevel.length ? onLevel : view.elements.values());
    if (box) this.plan.viewport.fit(box);
    this.plan.invalidate();
    this.scene3d.fit(view, this.origin());
  }

  private invalidateView(): void {
    // The committed state is folded in place, so caches keyed on it are dropped here too.
    this.viewCache = null;
    this.onLevelCache = null;
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.refresh();
    });
  }

  /** Bring every part of the screen in line with the view state. */
  private refresh(): void {
    if (!this.loaded) {
      // Opening a big project: fold the catch-up pages first, draw once when caught up.
      this.status.setSeq(this.mirror.seq);
      this.layout.planEmpty.hidden = false;
      this.layout.planEmpty.textContent = this.loadingHead
        ? `Loading the model… ${this.mirror.seq} of ${this.loadingHead} events`
        : this.sync.connection === "offline" ? "Offline: the model loads when the connection is back." : "Connecting…";
      this.refreshBanner();
      this.scene3d.view.invalidate(); // baked meshes may already be there
      return;
    }
    const view = this.view();
    this.showImport(view);
    this.refreshLevels(view);
    const selected = this.selected.filter((id) => view.elements.has(id));
    if (selected.length !== this.selected.length) this.select(selected);
    const onLevel = this.levelElements();
    const pending = this.desk.optimistic.touchedIds();
    const others = this.presenceTracker.others();
    const origin = this.origin();
    this.plan.setOrigin(origin);
    this.plan.setContent({
      state: view,
      elements: onLevel,
      pendingIds: pending,
      selectedIds: new Set(this.selected),
      remote: others.filter((u) => u.levelId === this.levelId).map((u) => ({ color: u.color, ids: u.selection })),
    });
    this.plan.setCursors(others.filter((u) => u.cursor && u.levelId === this.levelId).map((u) => ({ at: u.cursor!, name: u.name, color: u.color, userId: u.id })));
    this.scene3d.update(view, this.mirror, pending, this.selected, origin);
    const level = this.levelId ? (view.levels.get(this.levelId) ?? null) : null;
    this.props.show(view, this.selected, level, this.canEdit());
    this.refreshStatus(view, onLevel);
  }

  private refreshStatus(view: ModelState, onLevel: Element[]): void {
    this.status.setSeq(this.mirror.seq);
    this.status.setOnline(this.presenceTracker.users());
    this.status.setBake(
      bakeLabel({
        bakedSeq: this.scene3d.bakes.bakedSeq,
        headSeq: this.mirror.seq,
        loading: this.scene3d.bakes.isLoading,
        elementCount: this.mirror.state.elements.size,
        progress: this.jobProgress,
      }),
    );
    const history = this.desk.history;
    this.toolbar.setHistory(history.canUndo, history.canRedo);
    this.refreshBanner();
    const empty = onLevel.length === 0;
    this.layout.planEmpty.hidden = !empty;
    this.layout.planEmpty.textContent = this.canEdit() ? "This level is empty. Pick the Wall tool (W) and click in the plan to start drawing; press ? for all shortcuts." : "This level is empty.";
    const nothing3d = view.elements.size === 0;
    this.layout.view3dEmpty.hidden = !nothing3d;
    this.layout.view3dEmpty.textContent = "Nothing to show in 3D yet: elements appear here as you draw them, and baked once the server has meshed them.";
  }

  private refreshBanner(): void {
    const pending = this.desk.pendingCount;
    const banner = this.layout.banner;
    banner.hidden = this.sync.connection !== "offline";
    banner.textContent = `You are offline — reconnecting. ${pending ? `${pending} change${pending > 1 ? "s" : ""} will be sent when the connection is back.` : "Your changes are kept and sent when the connection is back."}`;
  }

  private refreshLevels(view: ModelState): void {
    const list = view.levelList();
    if (this.wantedLevelId && view.levels.has(this.wantedLevelId)) {
      this.levelId = this.wantedLevelId;
      this.wantedLevelId = null;
      this.tool.cancel();
    }
    if (!this.levelId || !view.levels.has(this.levelId)) this.levelId = list[0]?.id ?? null;
    this.levels.update(list, this.levelId);
    const level = this.levelId ? view.levels.get(this.levelId) : undefined;
    this.layout.planLabel.textContent = level ? `Plan · ${level.name}` : "Plan";
  }

  private async loadLatestBake(): Promise<void> {
    try {
      const manifest = await this.deps.rest.latestBake(this.deps.projectId);
      if (manifest) await this.scene3d.show(manifest);
    } catch (err) {
      // 401: signed out; 403 / 404: the access check closes the editor with its own message.
      if (!(err instanceof ApiError && [401, 403, 404].includes(err.status))) {
        this.notify(`Could not load the latest bake: ${err instanceof Error ? err.message : String(err)}`, "error");
      }
    } finally {
      this.scene3d.settleInitialBake();
      this.schedule();
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

/** The browser's localStorage, or null where it is unavailable (private modes, tests). */
function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}
