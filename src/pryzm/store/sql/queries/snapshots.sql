-- name: latest_snapshot
SELECT seq, state FROM snapshots WHERE project_id = %(project_id)s
ORDER BY seq DESC LIMIT 1

-- name: insert_snapshot
INSERT INTO snapshots (project_id, seq, state) VALUES (%(project_id)s, %(seq)s, %(state)s::jsonb)
ON CONFLICT (project_id, seq) DO NOTHING

-- name: prune_snapshots
-- Keep the newest three per project.
DELETE FROM snapshots s WHERE s.project_id = %(project_id)s AND s.seq < (
    SELECT min(seq) FROM (SELECT seq FROM snapshots WHERE project_id = %(project_id)s
                          ORDER BY seq DESC LIMIT 3) newest)

-- name: command_index
SELECT command_id::text AS command_id, min(seq) AS first, max(seq) AS last
FROM command_events WHERE project_id = %(project_id)s AND seq <= %(upto)s
GROUP BY command_id
