-- Events (issue 13): a transactional outbox. A change inserts its event in the transaction that
-- makes it final, so an event is never lost and never exists for a change that rolled back. The
-- dispatcher (one at a time across replicas, under an advisory lock) gives each new event its
-- position, in commit order, and fans it out into one delivery per matching rule or integration.
CREATE TABLE event (
    -- insertion order; transactions commit out of it, so readers follow position instead
    seq           bigserial   PRIMARY KEY,
    -- stable across every delivery and retry, so that receivers can drop repeats
    id            uuid        NOT NULL UNIQUE,
    resource_type text        NOT NULL,
    resource_id   text,
    event_type    text        NOT NULL,
    -- who made the change: key:12, user:alice, system (never a secret)
    actor         text        NOT NULL,
    result        text        NOT NULL,
    at            timestamptz NOT NULL DEFAULT now(),
    data          jsonb       NOT NULL DEFAULT '{}',
    -- who may see it besides admins: the owner (user:alice, key:12) and, by readers, viewers
    -- ('readers') or every caller ('everyone'); 'admins' keeps it to the owner and admins
    owner         text,
    readers       text        NOT NULL CHECK (readers IN ('everyone', 'readers', 'admins')),
    -- set by the dispatcher: the order in which streams and deliveries see events
    position      bigint      UNIQUE
);
CREATE INDEX event_undispatched_idx ON event (seq) WHERE position IS NULL;

CREATE TABLE notification_rule (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    -- create, update, delete, failure, a named one (drift), or *
    event_type      text        NOT NULL,
    resource_type   text        NOT NULL,
    delivery_method text        NOT NULL CHECK (delivery_method IN ('email', 'webhook')),
    target          text        NOT NULL,
    -- a webhook rule's signing secret, sealed under the master key like every secret
    signing_secret  text,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_rule_user_idx ON notification_rule (user_id);

CREATE TABLE integration (
    id             bigserial   PRIMARY KEY,
    user_id        bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    type           text        NOT NULL CHECK (type IN ('webhook')),
    target         text        NOT NULL,
    is_active      boolean     NOT NULL DEFAULT true,
    -- the custom headers as JSON, sealed: a header may carry a receiver's token
    headers        text        NOT NULL,
    header_names   text[]      NOT NULL DEFAULT '{}',
    -- event patterns (vm.*, vpn.create); null = every event its owner may see
    events         text[],
    signing_secret text        NOT NULL,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT integration_name_key UNIQUE (user_id, name)
);

-- One row per event and target: the notification history. A deleted rule or integration keeps
-- its history; its pending deliveries fail.
CREATE TABLE delivery (
    id              bigserial   PRIMARY KEY,
    event_seq       bigint      NOT NULL REFERENCES event (seq) ON DELETE CASCADE,
    rule_id         bigint      REFERENCES notification_rule (id) ON DELETE SET NULL,
    integration_id  bigint      REFERENCES integration (id) ON DELETE SET NULL,
    -- the owner of the rule or integration, for the history's visibility after either is gone
    user_id         bigint      REFERENCES app_user (id) ON DELETE CASCADE,
    method          text        NOT NULL,
    target          text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- a replica that claimed it is sending it until then; after that another may
    lease_until     timestamptz,
    finished_at     timestamptz,
    CONSTRAINT delivery_rule_once UNIQUE (event_seq, rule_id),
    CONSTRAINT delivery_integration_once UNIQUE (event_seq, integration_id)
);
CREATE INDEX delivery_due_idx ON delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX delivery_user_idx ON delivery (user_id, id);

-- Whether the router answers, as the replicas last saw it: a replica that sees it change updates
-- this row, and only the one whose update changed it emits router.unreachable or router.reachable.
CREATE TABLE router_status (
    router    text        PRIMARY KEY,
    reachable boolean     NOT NULL,
    since     timestamptz NOT NULL DEFAULT now()
);
INSERT INTO router_status (router, reachable) VALUES ('primary', true);
