import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Job, JobFrame } from "../../src/net/protocol";
import { ApiError } from "../../src/net/rest";
import type { JobView } from "../../src/ui/jobState";
import { JobBoard } from "../../src/ui/jobWatch";

const job = (fields: Partial<Job> = {}): Job => ({ id: 3, project_id: "p", kind: "export", status: "queued", progress: 0, ...fields });
const frame = (fields: Partial<JobFrame> = {}): JobFrame => ({ type: "job", id: 3, kind: "export", status: "running", progress: 0.2, stage: "writing ifc4", ...fields });

function board(answers: (Job | Error)[]) {
  const fetch = vi.fn(async () => {
    const next = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (next instanceof Error) throw next;
    return next;
  });
  const seen: JobView[] = [];
  const b = new JobBoard({ fetch, pollMs: 1000 });
  return { b, fetch, seen, listen: (v: JobView) => seen.push(v) };
}

describe("JobBoard", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("moves a job along with frames and fetches the result as soon as a frame says done", async () => {
    const { b, fetch, seen, listen } = board([job({ status: "done", progress: 1, result: { url: "/a" } })]);
    b.follow(job(), listen);
    b.receive(frame({ progress: 0.5 }));
    b.receive(frame({ id: 99, progress: 0.9 })); // another job
    expect(seen.map((v) => v.progress)).toEqual([0, 0.5]);
    b.receive(frame({ status: "done", progress: 1 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(seen.at(-1)).toMatchObject({ status: "done", result: { url: "/a" } });
    expect(b.size).toBe(0); // settled: no longer followed
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("an answer to a poll sent before newer frames does not take the progress back", async () => {
    let answer: (j: Job) => void = () => {};
    const fetch = vi.fn(() => new Promise<Job>((resolve) => (answer = resolve)));
    const seen: JobView[] = [];
    const b = new JobBoard({ fetch, pollMs: 1000 });
    b.follow(job(), (v) => seen.push(v));
    b.receive(frame({ progress: 0.5 }));
    await vi.advanceTimersByTimeAsync(1000); // the poll goes out, the view at 0.5
    b.receive(frame({ progress: 0.77 })); // frames go on while it is out
    answer(job({ status: "running", progress: 0.68, stage: "geometry" }));
    await vi.advanceTimersByTimeAsync(0);
    const progress = seen.map((v) => v.progress);
    expect(progress).toEqual([...progress].sort((a, c) => a - c));
    expect(seen.at(-1)!.progress).toBe(0.77);
    b.dispose();
  });

  it("polls when no frame comes (a socket that is down), and keeps polling through errors", async () => {
    const { b, fetch, seen, listen } = board([
      new ApiError(0, "network", "down"),
      job({ status: "running", progress: 0.4, stage: "storing" }),
      job({ status: "failed", error: { code: "export_invalid", message: "Validation failed." } }),
    ]);
    b.follow(job(), listen);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.at(-1)).toMatchObject({ status: "running", progress: 0.4 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.at(-1)).toMatchObject({ status: "failed", error: { code: "export_invalid" } });
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(b.size).toBe(0);
  });

  it("a job the server no longer knows fails with that reason", async () => {
    const { b, seen, listen } = board([new ApiError(404, "unknown_job", "There is no job 3 in this project.")]);
    b.follow(job(), listen);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.at(-1)).toMatchObject({ status: "failed", error: { code: "unknown_job" } });
  });

  it("a done frame during a poll in flight is followed by another poll at once", async () => {
    let release: (j: Job) => void = () => {};
    const answers = [new Promise<Job>((r) => (release = r)), Promise.resolve(job({ status: "done", result: { url: "/b" } }))];
    const seen: JobView[] = [];
    const b = new JobBoard({ fetch: () => answers.shift()!, pollMs: 1000 });
    b.follow(job(), (v) => seen.push(v));
    await vi.advanceTimersByTimeAsync(1000); // the first poll is out
    b.receive(frame({ status: "done" }));
    await vi.advanceTimersByTimeAsync(0);
    release(job({ status: "running", progress: 0.9 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.at(-1)).toMatchObject({ status: "done", result: { url: "/b" } });
  });

  it("stops every timer on dispose", async () => {
    const { b, fetch, listen } = board([job({ status: "running" })]);
    b.follow(job(), listen);
    b.dispose();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetch).not.toHaveBeenCalled();
  });
});
