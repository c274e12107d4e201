-- name: insert_upload
INSERT INTO uploads (id, project_id, user_id, filename, format, size, sha256, key)
VALUES (%(id)s, %(project_id)s, %(user_id)s, %(filename)s, %(format)s, %(size)s, %(sha256)s,
        %(key)s)
RETURNING id, project_id, user_id, filename, format, size, sha256, key, created_at

-- name: list_uploads
SELECT id, project_id, user_id, filename, format, size, sha256, key, created_at
FROM uploads WHERE project_id = %(project_id)s ORDER BY created_at DESC

-- name: get_upload
SELECT id, project_id, user_id, filename, format, size, sha256, key, created_at
FROM uploads WHERE id = %(id)s AND project_id = %(project_id)s
