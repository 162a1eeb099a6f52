-- HA/DR (issue 14): a standby router. Every /configure the active router takes is appended here
-- while the writer still holds the router lock, so seq is commit order across replicas; one
-- replica at a time replays the log on the standby and deletes what the standby took. What is
-- left is the standby's lag.
CREATE TABLE standby_log (
    seq bigserial   PRIMARY KEY,
    -- the ops as JSON, or sealed under the master key (v1:...) when one carries a secret value
    ops text        NOT NULL,
    at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE router_status
    ADD COLUMN last_commit_at timestamptz,
    ADD COLUMN last_error     text,
    ADD COLUMN last_error_at  timestamptz,
    -- the standby missed something (it was down, or refused a replay): repaired against the
    -- database before the log is replayed again
    ADD COLUMN needs_repair   boolean NOT NULL DEFAULT false;
INSERT INTO router_status (router, reachable) VALUES ('secondary', true);

-- Which router is active. Every writer reads it before it commits, so a failover moves every
-- replica at once.
CREATE TABLE hadr_state (
    id         integer     PRIMARY KEY CHECK (id = 1),
    active     text        NOT NULL CHECK (active IN ('primary', 'secondary')),
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text
);
INSERT INTO hadr_state (id, active) VALUES (1, 'primary');
