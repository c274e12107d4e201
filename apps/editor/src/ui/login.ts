/** The sign-in screen: a display name -> `POST /v1/auth/session` -> token. */

import type { RestClient } from "../net/rest";
import { h } from "./dom";
import { errorText } from "./errors";

export function loginScreen(rest: RestClient, onSignedIn: (token: string) => void): HTMLElement {
  const name = h("input", {
    id: "login-name",
    testid: "login-name",
    type: "text",
    autocomplete: "nickname",
    placeholder: "e.g. Ada Lovelace",
    maxlength: "100",
    required: true,
  });
  const submit = h("button", { type: "submit", class: "primary", testid: "login-submit" }, "Sign in");
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h(
    "form",
    { class: "card login-card" },
    h("div", { class: "brand brand-large" }, "PRYZM"),
    h("p", { class: "muted" }, "Collaborative BIM in the browser."),
    h("label", { for: "login-name" }, "Display name"),
    name,
    error,
    submit,
  );
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
      onSignedIn(session.token);
    } catch (err) {
      error.textContent = errorText(err, "Could not sign in");
      submit.disabled = false;
    }
  });
  queueMicrotask(() => name.focus());
  return h("main", { class: "screen centered" }, form);
}
