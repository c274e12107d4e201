-- Files users upload into a project (IFC, DXF, 3dm, textures), stored in the object store.
CREATE TABLE uploads (
    id         uuid PRIMARY KEY,
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id),
    filename   text NOT NULL,
    format     text NOT NULL,
    size       bigint NOT NULL,
    sha256     text NOT NULL,
    key        text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX uploads_project ON uploads (project_id, created_at DESC);
