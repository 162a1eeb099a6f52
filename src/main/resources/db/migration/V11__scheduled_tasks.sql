-- Scheduled tasks (issue 14). A task belongs to a user and acts as that user. Each occurrence is
-- claimed by one replica (FOR UPDATE SKIP LOCKED on the task row, which moves next_run_at on in
-- the same statement) and recorded as one run; UNIQUE (task_id, scheduled_for) makes a second run
-- of an occurrence impossible whatever happens.
CREATE TABLE scheduled_task (
    id                 bigserial   PRIMARY KEY,
    user_id            bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    task_type          text        NOT NULL CHECK (task_type IN ('backup', 'reconcile', 'decommission', 'port_action')),
    -- checked against its type at create time
    payload            jsonb       NOT NULL,
    schedule_time      timestamptz NOT NULL,
    -- seconds between occurrences; null runs once
    recurrence_seconds integer     CHECK (recurrence_seconds > 0),
    -- the next occurrence; null once a one-off has run
    next_run_at        timestamptz,
    created_by         text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scheduled_task_due_idx ON scheduled_task (next_run_at) WHERE next_run_at IS NOT NULL;

CREATE TABLE task_run (
    id            bigserial   PRIMARY KEY,
    task_id       bigint      NOT NULL REFERENCES scheduled_task (id) ON DELETE CASCADE,
    -- the occurrence it ran for (for a run asked for with POST /run, when it was asked)
    scheduled_for timestamptz NOT NULL,
    manual        boolean     NOT NULL DEFAULT false,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    status        text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    -- what it did, or its problem (code: detail)
    detail        text,
    CONSTRAINT task_run_occurrence_key UNIQUE (task_id, scheduled_for)
);
CREATE INDEX task_run_running_idx ON task_run (started_at) WHERE status = 'running';
