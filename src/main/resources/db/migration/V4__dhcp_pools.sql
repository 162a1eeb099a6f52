-- DHCP pools (spec 002): each is its own shared network on the router. The row always holds the
-- desired pool; state says whether the router is known to hold it ('ready') or a change of it is
-- in flight or was interrupted ('creating', 'changing', 'deleting'), which recovery settles by
-- making the router hold what the row says (or, for 'deleting', nothing).
CREATE TABLE dhcp_pool (
    id             bigserial PRIMARY KEY,
    name           text        NOT NULL UNIQUE,
    network        cidr        NOT NULL,
    range_start    text        NOT NULL,
    range_stop     text        NOT NULL,
    default_router text        NOT NULL,
    dns_servers    text[]      NOT NULL,
    lease_time     bigint      NOT NULL,
    state          text        NOT NULL DEFAULT 'creating' CHECK (state IN ('creating', 'ready', 'changing', 'deleting')),
    state_since    timestamptz NOT NULL DEFAULT now(),
    created_at     timestamptz NOT NULL DEFAULT now(),
    -- no two pools share an address, whatever the order of concurrent creates and updates
    CONSTRAINT dhcp_pool_network_overlap EXCLUDE USING gist (network inet_ops WITH &&)
);
