/**
 * The members dialog of a project: who is a member with which role; owners search users by
 * name to add them (owner, editor or viewer), change roles and remove members. Everyone else
 * sees the list read-only. Errors (e.g. removing the last owner) are shown in the dialog.
 */

import type { Member, Project, Role, User } from "../net/protocol";
import type { RestClient } from "../net/rest";
import { h, mount } from "./dom";
import { errorText } from "./errors";

const ROLES: Role[] = ["owner", "editor", "viewer"];

export function membersDialog(rest: RestClient, project: Project, onClose: () => void): HTMLElement {
  const owner = project.role === "owner";
  const list = h("ul", { class: "member-list", testid: "member-list" });
  const error = h("p", { class: "form-error", role: "alert", testid: "members-error" });
  const search = h("input", { type: "text", placeholder: "Search people by name", "aria-label": "Search people", testid: "member-search" });
  const results = h("ul", { class: "member-list", testid: "member-results" });
  let members: Member[] = [];

  const roleSelect = (value: Role, onChange: (r: Role) => void, testid: string) => {
    const select = h("select", { testid, disabled: !owner, "aria-label": "Role" }, ...ROLES.map((r) => h("option", { value: r, selected: r === value }, r)));
    select.addEventListener("change", () => onChange(select.value as Role));
    return select;
  };

  const act = async (what: string, fn: () => Promise<unknown>) => {
    error.textContent = "";
    try {
      await fn();
      await load();
    } catch (err) {
      error.textContent = errorText(err, what);
    }
  };

  const load = async () => {
    try {
      members = await rest.members(project.id);
    } catch (err) {
      error.textContent = errorText(err, "Could not load the members");
      return;
    }
    mount(
      list,
      ...members.map((m) =>
        h(
          "li",
          { class: "member", testid: "member", "data-user-id": m.user_id, "data-role": m.role },
          h("span", { class: "member-name" }, m.display_name),
          roleSelect(m.role, (r) => void act("Could not change the role", () => rest.setMember(project.id, m.user_id, r)), "member-role"),
          owner && h("button", { class: "ghost", testid: "member-remove", title: `Remove ${m.display_name}`, onclick: () => void act("Could not remove the member", () => rest.removeMember(project.id, m.user_id)) }, "Remove"),
        ),
      ),
    );
  };

  let seq = 0;
  search.addEventListener("input", async () => {
    const q = search.value.trim();
    const mine = ++seq;
    if (!q) {
      mount(results);
      return;
    }
    let users: User[];
    try {
      users = await rest.searchUsers(q);
    } catch (err) {
      if (mine === seq) error.textContent = errorText(err, "Could not search");
      return;
    }
    if (mine !== seq) return;
    const known = new Set(members.map((m) => m.user_id));
    const fresh = users.filter((u) => !known.has(u.id));
    if (!fresh.length) {
      mount(results, h("li", { class: "muted small" }, "Nobody else matches."));
      return;
    }
    mount(
      results,
      ...fresh.map((u) => {
        let role: Role = "editor";
        const add = h("button", { class: "primary", testid: "member-add", onclick: () => void act(`Could not add ${u.display_name}`, async () => {
          await rest.setMember(project.id, u.id, role);
          search.value = "";
          mount(results);
        }) }, "Add");
        return h("li", { class: "member", testid: "member-result", "data-user-id": u.id }, h("span", { class: "member-name" }, u.display_name), roleSelect(role, (r) => (role = r), "member-result-role"), add);
      }),
    );
  });

  const close = h("button", { class: "ghost", testid: "members-close", "aria-label": "Close", onclick: onClose }, "×");
  const card = h(
    "div",
    { class: "card dialog", role: "dialog", "aria-label": `Members of ${project.name}` },
    h("div", { class: "dialog-head" }, h("h2", null, `Members — ${project.name}`), close),
    list,
    owner ? h("div", { class: "member-add" }, h("h3", null, "Add people"), search, results) : h("p", { class: "muted small" }, "Only owners can add or remove members."),
    error,
  );
  const overlay = h("div", { class: "overlay", testid: "members-dialog" }, card);
  overlay.addEventListener("click", (ev) => {
    if (ev.target === overlay) onClose();
  });
  overlay.addEventListener("keydown", (ev) => {
    if ((ev as KeyboardEvent).key === "Escape") onClose();
  });
  void load();
  queueMicrotask(() => (owner ? search : close).focus());
  return overlay;
}
