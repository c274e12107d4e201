/**
 * The project hub: the user's projects (or the archived ones), a form to create one (it then
 * heads the list, highlighted), a click opens it. Owners rename, archive and unarchive a
 * project in place; everyone opens the members dialog (owners manage members there).
 */

import type { Project } from "../net/protocol";
import type { RestClient } from "../net/rest";
import { h, mount } from "./dom";
import { errorText } from "./errors";
import { membersDialog } from "./members";

export function hubScreen(rest: RestClient, open: (projectId: string) => void): HTMLElement {
  const list = h("ul", { class: "project-list", testid: "project-list", "aria-busy": "true" });
  const listError = h("p", { class: "form-error", role: "alert", testid: "hub-error" });
  let archived = false;
  const note = (text: string, error = false) =>
    mount(list, h("li", { class: error ? "list-note form-error" : "list-note muted", testid: "project-list-note" }, text));
  note("Loading projects…");
  const input = h("input", { testid: "project-name-input", type: "text", placeholder: "New project name", maxlength: "200", "aria-label": "New project name" });
  const create = h("button", { type: "submit", class: "primary", testid: "project-create" }, "Create project");
  const formError = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "create-form" }, input, create);
  const dialogSlot = h("div");
  const activeTab = h("button", { class: "tool seg active", testid: "show-active", "aria-pressed": "true", onclick: () => setArchived(false) }, "Active");
  const archivedTab = h("button", { class: "tool seg", testid: "show-archived", "aria-pressed": "false", onclick: () => setArchived(true) }, "Archived");

  const setArchived = (value: boolean) => {
    archived = value;
    activeTab.classList.toggle("active", !value);
    archivedTab.classList.toggle("active", value);
    activeTab.setAttribute("aria-pressed", String(!value));
    archivedTab.setAttribute("aria-pressed", String(value));
    void load();
  };

  const act = async (what: string, fn: () => Promise<unknown>) => {
    listError.textContent = "";
    try {
      await fn();
      await load();
    } catch (err) {
      listError.textContent = errorText(err, what);
    }
  };

  const actions: ItemActions = {
    open,
    rename: (p, name) => act("Could not rename the project", () => rest.updateProject(p.id, { name })),
    archive: (p, value) => act(value ? "Could not archive the project" : "Could not restore the project", () => rest.updateProject(p.id, { archived: value })),
    members: (p) => mount(dialogSlot, membersDialog(rest, p, () => mount(dialogSlot))),
  };

  const show = (projects: Project[], fresh?: string) => {
    if (!projects.length) {
      note(archived ? "No archived projects." : "No projects yet. Create your first project above to start modelling.");
      return;
    }
    // The newest project first, so one just created is at the top of the list.
    const ordered = fresh ? [...projects.filter((p) => p.id === fresh), ...projects.filter((p) => p.id !== fresh)] : projects;
    mount(list, ...ordered.map((p) => projectItem(p, actions, p.id === fresh)));
  };
  const load = async (fresh?: Project) => {
    try {
      const projects = await rest.listProjects(archived);
      if (fresh && !archived && !projects.some((p) => p.id === fresh.id)) projects.unshift(fresh);
      show(projects, fresh?.id);
    } catch (err) {
      note(errorText(err, "Could not load your projects"), true);
    } finally {
      list.setAttribute("aria-busy", "false");
    }
  };

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const name = input.value.trim();
    if (!name) {
      formError.textContent = "Give the project a name.";
      return;
    }
    create.disabled = true;
    formError.textContent = "";
    try {
      const project = await rest.createProject(name);
      input.value = "";
      if (archived) setArchived(false);
      await load(project);
    } catch (err) {
      formError.textContent = errorText(err, "Could not create the project");
    } finally {
      create.disabled = false;
    }
  });

  void load();
  return h(
    "main",
    { class: "screen hub" },
    h("section", { class: "card" }, h("h2", null, "New project"), form, formError),
    h(
      "section",
      { class: "card" },
      h("div", { class: "card-head" }, h("h2", null, "Your projects"), h("div", { class: "segmented" }, activeTab, archivedTab)),
      listError,
      list,
    ),
    dialogSlot,
  );
}

interface ItemActions {
  open(id: string): void;
  rename(p: Project, name: string): Promise<void>;
  archive(p: Project, archived: boolean): Promise<void>;
  members(p: Project): void;
}

function projectItem(p: Project, actions: ItemActions, fresh = false): HTMLElement {
  const meta = [p.role, p.head_seq !== undefined ? `seq ${p.head_seq}` : null, p.archived ? "archived" : null].filter(Boolean).join(" · ");
  const link = h(
    "a",
    { href: `/p/${encodeURIComponent(p.id)}`, class: "project-link" },
    h("span", { class: "project-name", testid: "project-name" }, p.name),
    h("span", { class: "muted small" }, meta),
  );
  link.addEventListener("click", (ev) => {
    if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    actions.open(p.id);
  });
  const owner = p.role === "owner";
  const item = h("li", { testid: "project-item", "data-project-id": p.id, class: `project-item${fresh ? " fresh" : ""}` });
  const row = () => [
    link,
    h(
      "div",
      { class: "project-actions" },
      owner && h("button", { class: "ghost", testid: "project-rename", onclick: () => mount(item, ...editing()) }, "Rename"),
      owner && h("button", { class: "ghost", testid: p.archived ? "project-unarchive" : "project-archive", onclick: () => void actions.archive(p, !p.archived) }, p.archived ? "Unarchive" : "Archive"),
      h("button", { class: "ghost", testid: "project-members", onclick: () => actions.members(p) }, "Members"),
    ),
  ];
  const editing = () => {
    const input = h("input", { type: "text", value: p.name, maxlength: "200", "aria-label": "Project name", testid: "project-rename-input" });
    const form = h("form", { class: "rename-form" }, input, h("button", { type: "submit", class: "primary", testid: "project-rename-save" }, "Save"), h("button", { type: "button", class: "ghost", onclick: () => mount(item, ...row()) }, "Cancel"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const name = input.value.trim();
      if (name && name !== p.name) void actions.rename(p, name);
      else mount(item, ...row());
    });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") mount(item, ...row());
    });
    queueMicrotask(() => input.select());
    return [form];
  };
  mount(item, ...row());
  return item;
}
