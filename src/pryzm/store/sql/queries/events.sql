-- name: bump_head
UPDATE projects SET head_seq = head_seq + %(count)s WHERE id = %(project_id)s
RETURNING head_seq

-- name: insert_event
INSERT INTO command_events (project_id, seq, event_id, command_id, actor, type, payload)
VALUES (%(project_id)s, %(seq)s, %(event_id)s, %(command_id)s, %(actor)s, %(type)s, %(payload)s)

-- name: events_after
SELECT seq, event_id, command_id, actor, type, payload, created_at
FROM command_events
WHERE project_id = %(project_id)s AND seq > %(after)s
ORDER BY seq
LIMIT %(limit)s

-- name: head_seq
SELECT head_seq FROM projects WHERE id = %(project_id)s
