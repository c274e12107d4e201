-- name: insert_artefact
INSERT INTO artefacts (id, project_id, job_id, seq, kind, key, size, sha256, content_type)
VALUES (%(id)s, %(project_id)s, %(job_id)s, %(seq)s, %(kind)s, %(key)s, %(size)s, %(sha256)s,
        %(content_type)s)

-- name: latest_artefact
SELECT id, project_id, job_id, seq, kind, key, size, sha256, content_type, created_at
FROM artefacts WHERE project_id = %(project_id)s AND kind = %(kind)s
ORDER BY seq DESC NULLS LAST, created_at DESC LIMIT 1

-- name: get_artefact
SELECT id, project_id, job_id, seq, kind, key, size, sha256, content_type, created_at
FROM artefacts WHERE id = %(id)s AND project_id = %(project_id)s

-- name: artefact_for_seq
SELECT id, key FROM artefacts
WHERE project_id = %(project_id)s AND kind = %(kind)s AND seq = %(seq)s
ORDER BY created_at DESC LIMIT 1

-- name: prune_bakes
-- A project's bake outputs (deltas, manifests, model GLBs) of seqs before its newest
-- %(keep)s bakes.
DELETE FROM artefacts
WHERE project_id = %(project_id)s AND kind IN ('manifest_delta', 'manifest', 'model_glb')
  AND seq < (SELECT min(seq) FROM (
      SELECT DISTINCT seq FROM artefacts
      WHERE project_id = %(project_id)s AND kind = 'manifest'
      ORDER BY seq DESC LIMIT %(keep)s) AS newest)
RETURNING key
