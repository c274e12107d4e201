/** Transient messages in the corner (rejections, errors). One container per app. */

import { h } from "./dom";

export type ToastKind = "info" | "error";

export class Toasts {
  readonly element = h("div", { class: "toasts", role: "status", "aria-live": "polite" });

  show(text: string, kind: ToastKind = "info", ms = 6000): HTMLElement {
    const close = h("button", { class: "toast-close", "aria-label": "Dismiss" }, "×");
    const toast = h("div", { class: `toast toast-${kind}`, testid: "toast" }, h("span", null, text), close);
    const remove = () => toast.remove();
    close.addEventListener("click", remove);
    this.element.append(toast);
    while (this.element.childElementCount > 4) this.element.firstElementChild?.remove();
    setTimeout(remove, ms);
    return toast;
  }
}
