-- A VPN's listen port is taken from the same free list as the VMs' external ports (free_port), so
-- a VM's forward and a VPN never share a UDP/TCP port on the router, whichever comes first. The
-- trigger keeps the list right on every path (create, update, rollback, delete, recovery), in the
-- transaction of the row's change. It takes the allocation lock first, as allocations do
-- (Transactions.allocation), so a provision never sees a port vanish between its choice and its take.
CREATE FUNCTION vpn_listen_port_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.listen_port IS NOT NULL
            AND (TG_OP = 'DELETE' OR NEW.listen_port IS DISTINCT FROM OLD.listen_port) THEN
        INSERT INTO free_port (port) VALUES (OLD.listen_port) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.listen_port IS NOT NULL
            AND (TG_OP = 'INSERT' OR NEW.listen_port IS DISTINCT FROM OLD.listen_port) THEN
        LOCK TABLE allocation_pool IN EXCLUSIVE MODE;
        DELETE FROM free_port WHERE port = NEW.listen_port;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'port % is held by a VM''s forward or another VPN', NEW.listen_port
                USING ERRCODE = 'unique_violation', CONSTRAINT = 'vpn_listen_port_free';
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER vpn_listen_port_sync AFTER INSERT OR UPDATE OF listen_port OR DELETE ON vpn
    FOR EACH ROW EXECUTE FUNCTION vpn_listen_port_sync();

-- VPNs made before this migration hold their ports now
DELETE FROM free_port WHERE port IN (SELECT listen_port FROM vpn WHERE listen_port IS NOT NULL);
