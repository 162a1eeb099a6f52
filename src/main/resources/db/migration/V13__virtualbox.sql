-- VirtualBox VMs (issue 15). VirtualBox holds the VMs; this table holds what it does not: who owns
-- a VM made through /api/v1, the loopback port its first serial port listens on, whether its
-- network was provisioned on the router (under the VM's name), and the last state the poller saw,
-- so that each change becomes one vm.state_changed event whichever replica sees it first.
CREATE TABLE vbox_machine (
    uuid             uuid        PRIMARY KEY,
    name             text        NOT NULL,
    -- Caller.owner of its creator (user:alice, key:12); null for a VM made outside the service
    owner            text,
    -- 'creating' until every step of the create has succeeded; a row left 'creating' is a crash's
    status           text        NOT NULL DEFAULT 'ready' CHECK (status IN ('creating', 'ready')),
    console_port     integer     UNIQUE,
    network          boolean     NOT NULL DEFAULT false,
    state            text,
    state_changed_at timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vbox_machine_owner_idx ON vbox_machine (owner);
