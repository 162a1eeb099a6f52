-- Changes requested with "Prefer: respond-async": their state, readable at /v1/operations/{id}.

CREATE TABLE operation (
    id          uuid        PRIMARY KEY,
    -- the caller's owner id (as vm.owner): only it, or an admin, may read the operation
    owner       text        NOT NULL,
    kind        text        NOT NULL,
    target      text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('pending', 'applied', 'failed')),
    -- the body a synchronous call would have answered, once applied
    result      jsonb,
    -- the RFC 9457 problem a synchronous call would have answered, once failed
    error       jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

-- the sweep finds abandoned pending operations and expired finished ones by age
CREATE INDEX operation_created_idx ON operation (created_at);
