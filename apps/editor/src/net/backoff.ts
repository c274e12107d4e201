/** Reconnect delays: exponential from 1 s to 10 s, with +-25 % jitter, clamped to that range. */

export const MIN_DELAY_MS = 1000;
export const MAX_DELAY_MS = 10_000;

/** Delay before reconnect attempt `attempt` (0 = the first retry). `random` is in [0, 1). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.max(0, attempt));
  const jittered = base * (0.75 + 0.5 * random());
  return Math.round(Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, jittered)));
}
