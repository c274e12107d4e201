/**
 * Following jobs until they settle: the project socket's `job` frames move a job along as they
 * come; polling the job over REST covers a socket that misses frames (offline, reconnecting)
 * and fetches the result or error once a frame says the job finished. One board per editor;
 * each followed job reports every change of its `JobView` to its listener.
 */

import type { Job, JobFrame } from "../net/protocol";
import { ApiError } from "../net/rest";
import { applyFrame, applyPolled, isFinished, isSettled, jobView, type JobView } from "./jobState";

export const POLL_MS = 1500;

export interface JobBoardDeps {
  fetch(jobId: string): Promise<Job>;
  pollMs?: number;
}

export type JobListener = (view: JobView) => void;

export class JobBoard {
  private readonly watched = new Map<string, Watched>();

  constructor(private readonly deps: JobBoardDeps) {}

  /** Follow a job just started; `listener` hears its current view at once, then each change. */
  follow(job: Job, listener: JobListener): void {
    const w: Watched = { view: jobView(job), listener, timer: null, polling: false, again: false };
    this.watched.set(w.view.id, w);
    listener(w.view);
    if (isSettled(w.view)) this.watched.delete(w.view.id);
    else this.schedule(w, this.deps.pollMs ?? POLL_MS);
  }

  /** A `job` frame from the project socket. */
  receive(frame: JobFrame): void {
    const w = this.watched.get(String(frame.id));
    if (!w) return;
    this.update(w, applyFrame(w.view, frame));
    if (isFinished(w.view)) this.schedule(w, 0);
  }

  get size(): number {
    return this.watched.size;
  }

  dispose(): void {
    for (const w of this.watched.values()) if (w.timer !== null) clearTimeout(w.timer);
    this.watched.clear();
  }

  private schedule(w: Watched, ms: number): void {
    if (w.timer !== null) clearTimeout(w.timer);
    w.timer = setTimeout(() => {
      w.timer = null;
      void this.poll(w);
    }, ms);
  }

  private async poll(w: Watched): Promise<void> {
    if (this.watched.get(w.view.id) !== w) return;
    if (w.polling) {
      w.again = true; // a frame said the job finished while an earlier poll was out
      return;
    }
    w.polling = true;
    w.again = false;
    try {
      const job = await this.deps.fetch(w.view.id);
      // The view as it is now, not as it was when the poll went out: frames that arrived
      // meanwhile must not be undone by an older answer.
      this.update(w, applyPolled(w.view, job));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        this.update(w, { ...w.view, status: "failed", error: { code: err.code, message: err.message } });
      }
      // Anything else (offline, a 502): try again at the next poll.
    } finally {
      w.polling = false;
    }
    if (this.watched.get(w.view.id) !== w) return;
    if (isSettled(w.view)) this.watched.delete(w.view.id);
    else if (w.timer === null) this.schedule(w, w.again ? 0 : (this.deps.pollMs ?? POLL_MS));
  }

  private update(w: Watched, next: JobView): void {
    if (next === w.view) return;
    w.view = next;
    w.listener(next);
  }
}

interface Watched {
  view: JobView;
  listener: JobListener;
  timer: ReturnType<typeof setTimeout> | null;
  polling: boolean;
  again: boolean;
}
