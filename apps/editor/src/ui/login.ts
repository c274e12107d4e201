/**
 * The sign-in screen. Shim mode: a display name -> `POST /v1/auth/session` -> token. OIDC
 * mode: a button that starts the authorization code flow (net/oidc.ts); the identity
 * provider sends the browser back to /auth/callback. `notice` shows why we are here (e.g. a
 * failed callback).
 */

import type { AuthConfig } from "../net/protocol";
import type { RestClient } from "../net/rest";
import { h } from "./dom";
import { errorText } from "./errors";

export interface LoginOptions {
  config: AuthConfig;
  onSignedIn: (token: string) => void;
  /** OIDC: redirect to the identity provider. */
  beginOidc: () => void;
  notice?: string | null;
}

export function loginScreen(rest: RestClient, opts: LoginOptions): HTMLElement {
  const error = h("p", { class: "form-error", role: "alert", testid: "login-error" }, opts.notice ?? "");
  const head = [h("div", { class: "brand brand-large" }, "PRYZM"), h("p", { class: "muted" }, "Collaborative BIM in the browser.")];
  if (opts.config.mode === "oidc") {
    const go = h("button", { type: "button", class: "primary", testid: "login-oidc", onclick: () => opts.beginOidc() }, "Sign in");
    const host = safeHost(opts.config.issuer);
    return h("main", { class: "screen centered" }, h("div", { class: "card login-card" }, ...head, h("p", null, `Sign in with your organisation's account${host ? ` (${host})` : ""}.`), error, go));
  }
  const name = h("input", { id: "login-name", testid: "login-name", type: "text", autocomplete: "nickname", placeholder: "e.g. Ada Lovelace", maxlength: "100", required: true });
  const submit = h("button", { type: "submit", class: "primary", testid: "login-submit" }, "Sign in");
  const note = h("p", { class: "muted small", testid: "login-shim-note" }, "No password on this server: your name is your account, so sign in with the same name to find your projects again.");
  const form = h("form", { class: "card login-card" }, ...head, h("label", { for: "login-name" }, "Display name"), name, note, error, submit);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const displayName = name.value.trim();
    if (!displayName) {
      error.textContent = "Enter a display name.";
      return;
    }
    submit.disabled = true;
    error.textContent = "";
    try {
      const session = await rest.createSession(displayName);
      opts.onSignedIn(session.token);
    } catch (err) {
      error.textContent = errorText(err, "Could not sign in");
      submit.disabled = false;
    }
  });
  queueMicrotask(() => name.focus());
  return h("main", { class: "screen centered" }, form);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}
