-- VMs and their forwarded ports: the desired network state, and what the router confirmed.
--
-- Every allocated value is backed by a UNIQUE constraint, so no two VMs can hold the same
-- address, external port or NAT rule number, whatever the application does.

CREATE TABLE vm (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    machine_id       text        NOT NULL CONSTRAINT vm_machine_id_key UNIQUE,
    mac_address      macaddr     NOT NULL CONSTRAINT vm_mac_address_key UNIQUE,
    internal_ip      inet        NOT NULL CONSTRAINT vm_internal_ip_key UNIQUE,
    nat_rule_base    integer     NOT NULL CONSTRAINT vm_nat_rule_base_key UNIQUE,
    nat_rule_count   integer     NOT NULL CHECK (nat_rule_count > 0),
    -- the external port range the VM was provisioned from; a re-created port comes from it too
    port_range_start integer     NOT NULL,
    port_range_end   integer     NOT NULL,
    -- ready: the router has exactly what the rows say. The other states mark a change in flight;
    -- until the router confirms it, the rows keep the last confirmed state (see RecoveryJob).
    state            text        NOT NULL CHECK (state IN ('provisioning', 'ready', 'changing', 'decommissioning')),
    state_since      timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX vm_unsettled_idx ON vm (state_since) WHERE state <> 'ready';

-- No FOREIGN KEY to vm on purpose: under SERIALIZABLE the foreign-key check takes a predicate lock
-- on the vm primary-key leaf page that every concurrent provision inserts into, which made 60% of
-- concurrent provisions retry (pgbench, 32 clients) against 0.03% without it. Rows of a VM are
-- inserted and deleted together, in one transaction, by VmRepository.
CREATE TABLE vm_port (
    vm_id           bigint  NOT NULL,
    port_name       text    NOT NULL,
    internal_port   integer NOT NULL,
    -- null when the port is not active; set (and held) while a create is being confirmed
    external_port   integer CONSTRAINT vm_port_external_port_key UNIQUE,
    -- the port's slot in the VM's rule block: reserved for it while the VM exists
    nat_rule_number integer NOT NULL CONSTRAINT vm_port_nat_rule_number_key UNIQUE,
    status          text    NOT NULL CHECK (status IN ('enabled', 'disabled', 'paused', 'not_active')),
    PRIMARY KEY (vm_id, port_name)
);

-- Free lists: every value that may be handed out and is not. An allocation takes the first free
-- value at or after a random point of the requested range (FOR UPDATE SKIP LOCKED), an index range
-- scan whose cost does not grow with the pool. fillfactor 10 and a shuffled fill put neighbouring
-- values on different heap pages: PostgreSQL promotes a transaction's row predicate locks to a page
-- lock once it reads three rows of one page, which would make neighbours conflict.
CREATE TABLE free_ip (ip inet PRIMARY KEY) WITH (fillfactor = 10);
CREATE TABLE free_port (port integer PRIMARY KEY) WITH (fillfactor = 10);
CREATE TABLE free_rule_block (base integer PRIMARY KEY) WITH (fillfactor = 10);

-- What each free list was last filled for, so start-up refills only when the settings change.
CREATE TABLE allocation_pool (
    name       text PRIMARY KEY,
    definition text NOT NULL
);
