/** The status bar: connection, who is online, head seq, bake state, tool hint, last message. */

import type { ConnectionState } from "../net/sync";
import { h } from "./dom";

export function connectionLabel(state: ConnectionState): string {
  return state === "offline" ? "offline — reconnecting" : state;
}

export interface BakeInfo {
  bakedSeq: number; // 0: nothing baked yet
  headSeq: number;
  loading: boolean; // a manifest's meshes are downloading
  elementCount: number;
  progress?: number | null; // 0..1 from `job` frames
}

export function bakeLabel(b: BakeInfo): string {
  const pct = b.progress != null ? ` ${Math.round(b.progress * 100)}%` : "";
  if (b.loading) return `baking…${pct}`;
  if (b.bakedSeq > 0 && b.bakedSeq >= b.headSeq) return `baked @ seq ${b.bakedSeq}`;
  if (b.bakedSeq > 0 || b.elementCount > 0) return `baking…${pct}`;
  return "not baked yet";
}

export class StatusBar {
  readonly element: HTMLElement;
  private readonly conn = h("span", { class: "status conn", testid: "conn-status" }, "connecting");
  private readonly online = h("span", { class: "status online", testid: "online-users", title: "Online in this project" });
  private readonly seq = h("span", { class: "status", testid: "head-seq" }, "seq 0");
  private readonly bake = h("span", { class: "status", testid: "bake-status" }, "not baked yet");
  private readonly hint = h("span", { class: "status hint", testid: "status-hint" });
  private readonly message = h("span", { class: "status message", testid: "status-message", role: "status" });

  constructor() {
    this.element = h("footer", { class: "statusbar" }, this.conn, this.online, this.seq, this.bake, this.hint, h("span", { class: "spacer" }), this.message);
    this.setConnection("connecting");
  }

  setConnection(state: ConnectionState): void {
    this.conn.textContent = connectionLabel(state);
    this.conn.dataset.state = state;
  }

  setOnline(users: { id: string; name: string; color: string; self: boolean }[]): void {
    const key = JSON.stringify(users);
    if (this.online.dataset.key === key) return;
    this.online.dataset.key = key;
    this.online.replaceChildren(
      ...users.map((u) => {
        const chip = h("span", { class: `user-chip${u.self ? " self" : ""}`, title: u.self ? `${u.name} (you)` : u.name, testid: "online-user" }, u.name);
        chip.style.setProperty("--user-color", u.color);
        return chip;
      }),
    );
  }

  setSeq(seq: number): void {
    this.seq.textContent = `seq ${seq}`;
  }

  setBake(label: string): void {
    this.bake.textContent = label;
  }

  setHint(text: string): void {
    this.hint.textContent = text;
  }

  setMessage(text: string, kind: "info" | "error" = "info"): void {
    this.message.textContent = text;
    this.message.dataset.kind = kind;
  }
}
