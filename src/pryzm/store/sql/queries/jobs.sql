-- name: enqueue_coalesced
-- One queued job per coalesce key: a burst of commits is one bake of the newest seq.
INSERT INTO jobs (project_id, kind, coalesce_key, target_seq, payload, created_by)
VALUES (%(project_id)s, %(kind)s, %(coalesce_key)s, %(target_seq)s, %(payload)s, %(created_by)s)
ON CONFLICT (coalesce_key) WHERE status = 'queued'
DO UPDATE SET target_seq = GREATEST(jobs.target_seq, EXCLUDED.target_seq)
RETURNING id

-- name: enqueue
INSERT INTO jobs (project_id, kind, target_seq, payload, created_by)
VALUES (%(project_id)s, %(kind)s, %(target_seq)s, %(payload)s, %(created_by)s)
RETURNING id

-- name: bake_queued
SELECT 1 FROM jobs WHERE coalesce_key = %(coalesce_key)s AND status = 'queued'

-- name: claim
-- The oldest queued job of the given kinds whose project has no job of that kind running.
UPDATE jobs SET status = 'running', started_at = now(), heartbeat_at = now(),
       attempts = attempts + 1, worker = %(worker)s, coalesce_key = NULL
WHERE id = (
    SELECT j.id FROM jobs j
    WHERE j.status = 'queued' AND j.kind = ANY(%(kinds)s)
      AND NOT EXISTS (SELECT 1 FROM jobs r
                      WHERE r.status = 'running' AND r.project_id = j.project_id
                        AND r.kind = j.kind)
    ORDER BY j.id
    FOR UPDATE SKIP LOCKED
    LIMIT 1
)
RETURNING id, project_id, kind, target_seq, payload, attempts, created_by

-- name: heartbeat
UPDATE jobs SET heartbeat_at = now(), progress = %(progress)s, stage = %(stage)s
WHERE id = %(id)s AND status = 'running'

-- name: finish
UPDATE jobs SET status = %(status)s, finished_at = now(), progress = %(progress)s,
       result = %(result)s, error = %(error)s
WHERE id = %(id)s

-- name: requeue_stale
-- Jobs whose worker stopped beating (killed, host lost) go back to the queue, unless a
-- newer job with the same key is already waiting, in which case that one covers them.
UPDATE jobs SET status = CASE WHEN attempts >= %(max_attempts)s THEN 'failed' ELSE 'queued' END,
       worker = NULL,
       error = CASE WHEN attempts >= %(max_attempts)s
               THEN '{"code": "worker_lost", "message": "the worker stopped while running this job"}'::jsonb
               ELSE error END,
       finished_at = CASE WHEN attempts >= %(max_attempts)s THEN now() ELSE NULL END
WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => %(stale_seconds)s)
RETURNING id

-- name: queue_depth
SELECT count(*) AS queued FROM jobs WHERE status = 'queued'

-- name: get_job
SELECT id, project_id, kind, status, target_seq, progress, stage, result, error, attempts,
       created_at, started_at, finished_at
FROM jobs WHERE id = %(id)s
