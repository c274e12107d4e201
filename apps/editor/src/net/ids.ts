/**
 * Client-generated UUIDs (element ids and command `event_id`s). `crypto.randomUUID` exists
 * only in secure contexts (https, localhost); a self-hosted editor on plain http over a LAN
 * falls back to a v4 UUID built from `crypto.getRandomValues`, which is always available.
 */

export function newId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
