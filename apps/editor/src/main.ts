/**
 * The app root (the only mutable global state): the session, the REST client, how users sign
 * in (`GET /v1/auth/config`: the display-name shim or OIDC), the current route and screen.
 * `/` shows the project hub, `/p/<id>` the editor, `/auth/callback` finishes an OIDC sign-in;
 * without a token, the sign-in screen. A 401 from any REST call signs the user out.
 */

import "./styles.css";
import { CALLBACK_PATH, OidcFlow } from "./net/oidc";
import type { AuthConfig } from "./net/protocol";
import { RestClient } from "./net/rest";
import { SessionStore } from "./net/session";
import { clearMeshStore } from "./render/meshCache";
import { h, mount } from "./ui/dom";
import { Editor } from "./ui/editor";
import { hubScreen } from "./ui/hub";
import { loginScreen } from "./ui/login";
import { parseRoute, routePath, type Route } from "./ui/router";
import { installTestHooks } from "./ui/testHooks";
import { Toasts } from "./ui/toast";

class App {
  private readonly session = new SessionStore(window.localStorage);
  private readonly toasts = new Toasts();
  private readonly rest = new RestClient({
    getToken: () => this.session.token,
    onUnauthorized: () => this.signOut("Your session has expired. Please sign in again."),
  });
  private readonly header = h("header", { class: "topbar" });
  private readonly content = h("div", { class: "content" });
  private editor: Editor | null = null;
  private userName: string | null = null;
  private authConfig: Promise<AuthConfig> | null = null;
  private loginNotice: string | null = null;

  constructor(root: HTMLElement) {
    mount(root, this.header, this.content, this.toasts.element);
    window.addEventListener("popstate", () => this.render());
    installTestHooks(window, () => this.editor);
  }

  render(): void {
    this.closeEditor();
    if (location.pathname === CALLBACK_PATH) {
      void this.finishOidc();
      return;
    }
    const token = this.session.token;
    if (!token) {
      void this.showLogin();
      return;
    }
    const route = parseRoute(location.pathname);
    if (route.name === "editor") this.openEditor(route.projectId, token);
    else {
      this.renderHeader(null);
      mount(this.content, hubScreen(this.rest, (id) => this.navigate({ name: "editor", projectId: id })));
    }
    if (!this.userName) void this.loadUser();
  }

  private config(): Promise<AuthConfig> {
    this.authConfig ??= this.rest.authConfig().catch(() => ({ mode: "shim" }) as AuthConfig);
    return this.authConfig;
  }

  private async showLogin(): Promise<void> {
    this.renderHeader(null);
    const config = await this.config();
    if (this.session.token) return; // signed in meanwhile
    const returnTo = location.pathname + location.search;
    mount(
      this.content,
      loginScreen(this.rest, {
        config,
        notice: this.loginNotice,
        onSignedIn: (t) => this.signedIn(t),
        beginOidc: () => {
          if (config.mode !== "oidc") return;
          location.assign(new OidcFlow(config, window.sessionStorage).begin(returnTo === CALLBACK_PATH ? "/" : returnTo));
        },
      }),
    );
    this.loginNotice = null;
  }

  private async finishOidc(): Promise<void> {
    this.renderHeader(null);
    mount(this.content, h("main", { class: "screen centered" }, h("p", { class: "muted", testid: "oidc-progress" }, "Signing in…")));
    const config = await this.config();
    let next = "/";
    try {
      if (config.mode !== "oidc") throw new Error("This server does not use single sign-on.");
      const { token, returnTo } = await new OidcFlow(config, window.sessionStorage).complete(location.search);
      this.session.set(token);
      next = returnTo.startsWith("/") && !returnTo.startsWith("//") ? returnTo : "/";
    } catch (err) {
      this.loginNotice = err instanceof Error ? err.message : String(err);
    }
    history.replaceState(null, "", next);
    this.render();
  }

  private navigate(route: Route): void {
    const path = routePath(route);
    if (location.pathname !== path) history.pushState(null, "", path);
    this.render();
  }

  private openEditor(projectId: string, token: string): void {
    const editor = new Editor({
      rest: this.rest,
      token,
      projectId,
      toasts: this.toasts,
      onFatal: (message) => {
        this.toasts.show(message, "error", 10_000);
        this.navigate({ name: "hub" });
      },
    });
    this.editor = editor;
    mount(this.content, editor.element);
    this.renderHeader("Project");
    this.rest.getProject(projectId).then(
      (p) => this.editor === editor && this.renderHeader(p.name),
      () => undefined, // access problems surface through the editor's socket check
    );
  }

  private closeEditor(): void {
    this.editor?.dispose();
    this.editor = null;
  }

  private signedIn(token: string): void {
    this.session.set(token);
    this.render();
  }

  private signOut(message?: string): void {
    const wasSignedIn = this.session.token !== null;
    this.session.clear();
    this.userName = null;
    void clearMeshStore();
    if (message && wasSignedIn) this.toasts.show(message, "error");
    this.render();
  }

  /** The Sign out button: back to the start, not to this project (whoever signs in next may
   * not be a member). An expired session (signOut alone) keeps the page to come back to. */
  private signOutByChoice(): void {
    history.replaceState(null, "", "/");
    this.signOut();
  }

  private async loadUser(): Promise<void> {
    try {
      this.userName = (await this.rest.me()).display_name;
      const title = this.header.querySelector(".project-title")?.textContent ?? null;
      this.renderHeader(title || null);
    } catch {
      // 401 already signed out; anything else: the header just lacks the name
    }
  }

  private renderHeader(projectName: string | null): void {
    const signedIn = this.session.token !== null;
    const home = h("a", { href: "/", class: "brand", title: "All projects" }, "PRYZM");
    home.addEventListener("click", (ev) => {
      ev.preventDefault();
      if (signedIn) this.navigate({ name: "hub" });
    });
    mount(
      this.header,
      home,
      projectName && h("span", { class: "crumb" }, "/"),
      projectName && h("span", { class: "project-title" }, projectName),
      h("span", { class: "spacer" }),
      signedIn && this.userName && h("span", { class: "muted user", testid: "user-name" }, this.userName),
      signedIn && h("button", { class: "ghost", testid: "sign-out", onclick: () => this.signOutByChoice() }, "Sign out"),
    );
  }
}

const root = document.getElementById("app");
if (root) new App(root).render();
