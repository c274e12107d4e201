-- The first schema: people, projects, the event log, jobs, artefacts, audit.

CREATE TABLE users (
    id           uuid PRIMARY KEY,
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    issuer       text,
    subject      text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (issuer, subject)
);

CREATE TABLE projects (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_by  uuid NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    archived_at timestamptz,
    -- The newest seq of the project's event log; bumped in the same transaction as the
    -- append, so the row lock serialises writers of one project.
    head_seq    bigint NOT NULL DEFAULT 0
);

CREATE TABLE project_members (
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id),
    role       text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user ON project_members (user_id);

CREATE TABLE command_events (
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    seq        bigint NOT NULL CHECK (seq > 0),
    -- Unique per project: a retried command is recognised, never appended twice.
    event_id   uuid NOT NULL,
    -- The client's command; a batch appends several events under one command_id.
    command_id uuid NOT NULL,
    actor      uuid REFERENCES users (id),
    type       text NOT NULL,
    payload    jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, seq),
    UNIQUE (project_id, event_id)
);
CREATE INDEX command_events_command ON command_events (project_id, command_id);

CREATE TABLE snapshots (
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    seq        bigint NOT NULL,
    state      jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, seq)
);

CREATE TABLE jobs (
    id           bigserial PRIMARY KEY,
    project_id   uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind         text NOT NULL,
    status       text NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'done', 'failed')),
    -- Queued jobs with the same key are one job (a burst of commands, one bake).
    coalesce_key text,
    target_seq   bigint,
    payload      jsonb NOT NULL DEFAULT '{}',
    progress     real NOT NULL DEFAULT 0,
    stage        text,
    result       jsonb,
    error        jsonb,
    attempts     integer NOT NULL DEFAULT 0,
    worker       text,
    created_by   uuid REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    heartbeat_at timestamptz,
    finished_at  timestamptz
);
CREATE UNIQUE INDEX jobs_coalesce ON jobs (coalesce_key) WHERE status = 'queued';
CREATE INDEX jobs_queued ON jobs (id) WHERE status = 'queued';
CREATE INDEX jobs_running ON jobs (project_id, kind) WHERE status = 'running';
CREATE INDEX jobs_project ON jobs (project_id, id DESC);

CREATE TABLE artefacts (
    id           uuid PRIMARY KEY,
    project_id   uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    job_id       bigint REFERENCES jobs (id) ON DELETE SET NULL,
    seq          bigint,
    kind         text NOT NULL,
    key          text NOT NULL,
    size         bigint NOT NULL,
    sha256       text NOT NULL,
    content_type text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX artefacts_project_kind ON artefacts (project_id, kind, seq DESC);

CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      uuid,
    action     text NOT NULL,
    project_id uuid,
    details    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_project ON audit_log (project_id, at DESC);
