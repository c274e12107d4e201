/** Errors in words for the user. */

import { ApiError } from "../net/rest";

export function errorText(err: unknown, action: string): string {
  if (err instanceof ApiError) {
    const code = err.code && err.status ? ` (${err.code})` : "";
    return `${action}: ${err.message}${code}`;
  }
  return `${action}: ${err instanceof Error ? err.message : String(err)}`;
}
