import { describe, expect, it } from "vitest";
import { backoffDelay, MAX_DELAY_MS, MIN_DELAY_MS } from "../../src/net/backoff";

describe("backoffDelay", () => {
  it("doubles from 1 s and caps at 10 s (no jitter at random = 0.5)", () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, mid))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it("jitters but stays within 1 s .. 10 s", () => {
    for (const r of [0, 0.25, 0.999]) {
      for (let attempt = 0; attempt < 8; attempt++) {
        const d = backoffDelay(attempt, () => r);
        expect(d).toBeGreaterThanOrEqual(MIN_DELAY_MS);
        expect(d).toBeLessThanOrEqual(MAX_DELAY_MS);
      }
    }
    expect(backoffDelay(2, () => 0)).toBe(3000);
    expect(backoffDelay(2, () => 0.999)).toBeGreaterThan(4900);
  });
});
