-- name: shim_user
-- The test shim's user of a display name: the same name (any case, any spacing) is the same
-- user, so signing in again finds one's projects.
INSERT INTO users (id, display_name, issuer, subject)
VALUES (%(id)s, %(display_name)s, 'pryzm:shim', %(subject)s)
ON CONFLICT (issuer, subject) DO UPDATE SET display_name = EXCLUDED.display_name
RETURNING id, display_name, created_at

-- name: get_user
SELECT id, display_name, created_at FROM users WHERE id = %(id)s

-- name: insert_project
INSERT INTO projects (id, name, created_by) VALUES (%(id)s, %(name)s, %(user_id)s)
RETURNING id, name, created_by, created_at, archived_at, head_seq

-- name: add_member
INSERT INTO project_members (project_id, user_id, role)
VALUES (%(project_id)s, %(user_id)s, %(role)s)
ON CONFLICT (project_id, user_id) DO UPDATE SET role = EXCLUDED.role
RETURNING project_id, user_id, role, added_at

-- name: list_members
SELECT m.user_id, u.display_name, m.role, m.added_at
FROM project_members m JOIN users u ON u.id = m.user_id
WHERE m.project_id = %(project_id)s
ORDER BY m.added_at, u.display_name

-- name: list_projects_for_user
SELECT p.id, p.name, p.created_by, p.created_at, p.archived_at, p.head_seq, m.role
FROM projects p JOIN project_members m ON m.project_id = p.id
WHERE m.user_id = %(user_id)s AND p.archived_at IS NULL
ORDER BY p.created_at DESC, p.name

-- name: get_project_for_user
SELECT p.id, p.name, p.created_by, p.created_at, p.archived_at, p.head_seq, m.role
FROM projects p LEFT JOIN project_members m
  ON m.project_id = p.id AND m.user_id = %(user_id)s
WHERE p.id = %(project_id)s

-- name: member_role
SELECT role FROM project_members WHERE project_id = %(project_id)s AND user_id = %(user_id)s

-- name: audit
INSERT INTO audit_log (actor, action, project_id, details)
VALUES (%(actor)s, %(action)s, %(project_id)s, %(details)s)

-- name: update_project
UPDATE projects SET
    name = COALESCE(%(name)s, name),
    archived_at = CASE WHEN %(archived)s::boolean IS NULL THEN archived_at
                       WHEN %(archived)s::boolean THEN COALESCE(archived_at, now())
                       ELSE NULL END
WHERE id = %(project_id)s
RETURNING id, name, created_by, created_at, archived_at, head_seq

-- name: remove_member
DELETE FROM project_members WHERE project_id = %(project_id)s AND user_id = %(user_id)s
RETURNING role

-- name: count_owners
SELECT count(*) AS owners FROM project_members
WHERE project_id = %(project_id)s AND role = 'owner'

-- name: list_archived_for_user
SELECT p.id, p.name, p.created_by, p.created_at, p.archived_at, p.head_seq, m.role
FROM projects p JOIN project_members m ON m.project_id = p.id
WHERE m.user_id = %(user_id)s AND p.archived_at IS NOT NULL
ORDER BY p.archived_at DESC

-- name: search_users
SELECT id, display_name, created_at FROM users
WHERE display_name ILIKE %(pattern)s
ORDER BY display_name, created_at LIMIT %(limit)s

-- name: upsert_oidc_user
INSERT INTO users (id, display_name, issuer, subject)
VALUES (%(id)s, %(display_name)s, %(issuer)s, %(subject)s)
ON CONFLICT (issuer, subject) DO UPDATE SET display_name = EXCLUDED.display_name
RETURNING id
