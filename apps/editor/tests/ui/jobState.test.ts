import { describe, expect, it } from "vitest";
import type { Job, JobFrame } from "../../src/net/protocol";
import { applyFrame, applyPolled, isFinished, isSettled, jobView, progressLabel } from "../../src/ui/jobState";

const job = (fields: Partial<Job> = {}): Job => ({ id: 7, project_id: "p", kind: "import", status: "queued", progress: 0, stage: null, ...fields });
const frame = (fields: Partial<JobFrame> = {}): JobFrame => ({ type: "job", id: 7, kind: "import", status: "running", progress: 0.1, stage: "reading", ...fields });

describe("job state", () => {
  it("starts from the REST job, with a string id and a clamped progress", () => {
    const v = jobView(job({ progress: 1.7, stage: "x" }));
    expect(v).toMatchObject({ id: "7", status: "queued", progress: 1, stage: "x", result: null, error: null });
    expect(isFinished(v) || isSettled(v)).toBe(false);
    expect(progressLabel(v)).toBe("queued");
  });

  it("follows frames of its own id; progress never goes backwards while running", () => {
    let v = jobView(job());
    v = applyFrame(v, frame({ progress: 0.42, stage: "geometry" }));
    expect(progressLabel(v)).toBe("42% · geometry");
    expect(applyFrame(v, frame({ id: 8, progress: 0.9 }))).toBe(v);
    const late = applyFrame(v, frame({ progress: 0.3, stage: "walls" }));
    expect(late.progress).toBe(0.42);
    expect(late.stage).toBe("walls");
    expect(applyFrame(late, frame({ progress: 0.3, stage: "walls" }))).toBe(late); // nothing changed
  });

  it("a done frame finishes the job but does not settle it: the result comes over REST", () => {
    const done = applyFrame(jobView(job()), frame({ status: "done", progress: 1, stage: "done" }));
    expect(done.status).toBe("done");
    expect(isFinished(done)).toBe(true);
    expect(isSettled(done)).toBe(false);
    expect(applyFrame(done, frame({ status: "running", progress: 0.5 }))).toBe(done); // a late frame
    const settled = applyPolled(done, job({ status: "done", progress: 1, result: { report: {} } }));
    expect(isSettled(settled)).toBe(true);
    expect(settled.result).toEqual({ report: {} });
  });

  it("a poll answered before a done frame cannot send the job back to running", () => {
    const done = applyFrame(jobView(job()), frame({ status: "done" }));
    expect(applyPolled(done, job({ status: "running", progress: 0.5 }))).toBe(done);
  });

  it("polls keep the furthest progress and the last stage known", () => {
    const v = applyFrame(jobView(job()), frame({ progress: 0.6, stage: "mapping" }));
    const polled = applyPolled(v, job({ status: "running", progress: 0.5, stage: null }));
    expect(polled).toMatchObject({ progress: 0.6, stage: "mapping" });
  });

  it("a failed job settles with its error; its frames alone do not", () => {
    const failed = applyFrame(jobView(job()), frame({ status: "failed", progress: 0, stage: "failed" }));
    expect(failed.status).toBe("failed");
    expect(isSettled(failed)).toBe(false);
    const error = { code: "truncated", message: "The IFC file is truncated." };
    const settled = applyPolled(failed, job({ status: "failed", error }));
    expect(isSettled(settled)).toBe(true);
    expect(settled.error).toEqual(error);
    expect(applyPolled(settled, job({ status: "running" }))).toBe(settled);
  });

  it("reads the older `succeeded` status as done", () => {
    expect(applyFrame(jobView(job()), frame({ status: "succeeded" })).status).toBe("done");
  });
});
