/**
 * The project hub: the user's projects, a form to create one (it then heads the list,
 * highlighted), a click opens it.
 */

import type { Project } from "../net/protocol";
import type { RestClient } from "../net/rest";
import { h, mount } from "./dom";
import { errorText } from "./errors";

export function hubScreen(rest: RestClient, open: (projectId: string) => void): HTMLElement {
  const list = h("ul", { class: "project-list", testid: "project-list", "aria-busy": "true" });
  const note = (text: string, error = false) =>
    mount(list, h("li", { class: error ? "list-note form-error" : "list-note muted", testid: "project-list-note" }, text));
  note("Loading projects…");
  const input = h("input", {
    testid: "project-name-input",
    type: "text",
    placeholder: "New project name",
    maxlength: "200",
    "aria-label": "New project name",
  });
  const create = h("button", { type: "submit", class: "primary", testid: "project-create" }, "Create project");
  const formError = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "create-form" }, input, create);

  const show = (projects: Project[], fresh?: string) => {
    if (!projects.length) {
      note("No projects yet. Create your first project above to start modelling.");
      return;
    }
    // The newest project first, so one just created is at the top of the list.
    const ordered = fresh ? [...projects.filter((p) => p.id === fresh), ...projects.filter((p) => p.id !== fresh)] : projects;
    mount(list, ...ordered.map((p) => projectItem(p, open, p.id === fresh)));
  };
  const load = async (fresh?: Project) => {
    try {
      const projects = await rest.listProjects();
      if (fresh && !projects.some((p) => p.id === fresh.id)) projects.unshift(fresh);
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
    h("section", { class: "card" }, h("h2", null, "Your projects"), list),
  );
}

function projectItem(p: Project, open: (id: string) => void, fresh = false): HTMLElement {
  const meta = [p.role, p.head_seq !== undefined ? `seq ${p.head_seq}` : null].filter(Boolean).join(" · ");
  const link = h(
    "a",
    { href: `/p/${encodeURIComponent(p.id)}`, class: "project-link" },
    h("span", { class: "project-name" }, p.name),
    h("span", { class: "muted small" }, meta),
  );
  link.addEventListener("click", (ev) => {
    if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    open(p.id);
  });
  return h("li", { testid: "project-item", "data-project-id": p.id, class: fresh ? "fresh" : null }, link);
}
