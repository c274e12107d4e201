/**
 * A job (import, export) as the editor follows it: started over REST, moved along by the
 * project socket's `job` frames and by polling `GET .../jobs/{id}` (frames carry no result,
 * and a socket may miss some). Pure: every function returns a new value.
 *
 * - A finished job (`done` / `failed`) never goes back to running (a late frame, a stale poll).
 * - While it runs, its progress never goes backwards.
 * - It is `settled` once finished with its result or error known: a `done` frame alone is not
 *   (the result comes with the job over REST).
 */

import type { Job, JobError, JobFrame, JobStatus } from "../net/protocol";

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  progress: number; // 0..1
  stage: string;
  result: Record<string, unknown> | null;
  error: JobError | null;
}

export function jobView(job: Job): JobView {
  return {
    id: String(job.id),
    kind: job.kind,
    status: job.status,
    progress: clamp(job.progress),
    stage: job.stage ?? "",
    result: job.result ?? null,
    error: job.error ?? null,
  };
}

export function isFinished(view: JobView): boolean {
  return view.status === "done" || view.status === "failed";
}

export function isSettled(view: JobView): boolean {
  return view.status === "done" ? view.result !== null : view.status === "failed" && view.error !== null;
}

/** A `job` frame of this job moves it along; frames of other jobs leave it as it is. */
export function applyFrame(view: JobView, frame: JobFrame): JobView {
  if (String(frame.id) !== view.id || isFinished(view)) return view;
  const status = frameStatus(frame.status) ?? view.status;
  if (status === "failed") return { ...view, status, stage: "" };
  const progress = status === "done" ? 1 : Math.max(view.progress, clamp(frame.progress ?? view.progress));
  const stage = status === "done" ? "" : (frame.stage ?? view.stage);
  if (status === view.status && progress === view.progress && stage === view.stage) return view;
  return { ...view, status, progress, stage };
}

/** The job as the server has it now; it cannot undo what frames already showed. */
export function applyPolled(view: JobView, job: Job): JobView {
  if (String(job.id) !== view.id) return view;
  const polled = jobView(job);
  if (isSettled(view)) return view;
  if (isFinished(polled)) return polled;
  if (isFinished(view)) return view; // a done frame arrived after this poll was answered
  return { ...polled, progress: Math.max(view.progress, polled.progress), stage: polled.stage || view.stage };
}

/** What to show next to a running job: "queued", "42% · geometry", "done", "failed". */
export function progressLabel(view: JobView): string {
  if (view.status === "queued") return "queued";
  if (view.status === "done" || view.status === "failed") return view.status;
  const pct = `${Math.floor(view.progress * 100)}%`;
  return view.stage ? `${pct} · ${view.stage}` : pct;
}

function frameStatus(status: string | undefined): JobStatus | null {
  if (status === "succeeded") return "done";
  return status === "queued" || status === "running" || status === "done" || status === "failed" ? status : null;
}

function clamp(v: number | undefined): number {
  return typeof v === "number" && Number.isFinite(v) ? Math.min(Math.max(v, 0), 1) : 0;
}
