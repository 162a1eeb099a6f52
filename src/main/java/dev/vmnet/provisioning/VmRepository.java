package dev.vmnet.provisioning;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for VMs and their ports. Each method runs on the client it is given: a connection inside a
 * transaction of {@link dev.vmnet.common.Transactions}, or the pool for a plain read.
 */
@ApplicationScoped
public class VmRepository {

    private static final String COLUMNS = """
            v.id, v.machine_id, v.mac_address::text AS mac_address, host(v.internal_ip) AS internal_ip,
            v.nat_rule_base, v.nat_rule_count, v.port_range_start, v.port_range_end, v.state, v.state_since, v.owner,
            v.dhcp_pool, v.pool_network::text AS pool_network,
            p.port_name, p.internal_port, p.external_port, p.nat_rule_number, p.status""";

    private static final String INSERT_PORT = """
            INSERT INTO vm_port (vm_id, port_name, internal_port, external_port, nat_rule_number, status)
            VALUES ($1, $2, $3, $4, $5, $6)""";

    public Uni<Vm> findByMachineId(SqlClient client, String machineId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM vm v LEFT JOIN vm_port p ON p.vm_id = v.id"
                        + " WHERE v.machine_id = $1 ORDER BY p.nat_rule_number")
                .execute(Tuple.of(machineId)).map(rows -> first(toVms(rows)));
    }

    /** The VM named {@code machineId} and the VM holding {@code macAddress}: none, one or two. */
    public Uni<List<Vm>> findByNameOrMac(SqlClient client, String machineId, String macAddress) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM vm v LEFT JOIN vm_port p ON p.vm_id = v.id"
                        + " WHERE v.machine_id = $1 OR v.mac_address = $2::text::macaddr ORDER BY v.id, p.nat_rule_number")
                .execute(Tuple.of(machineId, macAddress)).map(VmRepository::toVms);
    }

    /** The VMs named in {@code machineIds} or holding one of {@code macAddresses}. */
    public Uni<List<Vm>> findByNamesOrMacs(SqlClient client, List<String> machineIds, List<String> macAddresses) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM vm v LEFT JOIN vm_port p ON p.vm_id = v.id"
                        + " WHERE v.machine_id = ANY($1) OR v.mac_address = ANY($2::text[]::macaddr[])")
                .execute(Tuple.of(machineIds.toArray(String[]::new), macAddresses.toArray(String[]::new)))
                .map(VmRepository::toVms);
    }

    /**
     * VMs whose network exists (not still being provisioned), by machine_id after {@code after};
     * only those of {@code owner}, unless it is null.
     */
    public Uni<List<Vm>> listProvisioned(SqlClient client, String owner, String after, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM (SELECT * FROM vm WHERE state <> 'provisioning'"
                        + " AND ($1::text IS NULL OR owner = $1) AND machine_id > $2 ORDER BY machine_id LIMIT $3) v"
                        + " LEFT JOIN vm_port p ON p.vm_id = v.id ORDER BY v.machine_id, p.nat_rule_number")
                .execute(Tuple.of(owner, after, limit)).map(VmRepository::toVms);
    }

    /** Every VM, in any state, with its ports: what the reconciler compares the router with. */
    public Uni<List<Vm>> all(SqlClient client) {
        return client.query("SELECT " + COLUMNS + " FROM vm v LEFT JOIN vm_port p ON p.vm_id = v.id"
                        + " ORDER BY v.machine_id, p.nat_rule_number")
                .execute().map(VmRepository::toVms);
    }

    /** VMs with a change in flight since before {@code before}: left behind by a crash. */
    public Uni<List<Vm>> findUnsettled(SqlClient client, OffsetDateTime before, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM (SELECT * FROM vm WHERE state <> 'ready'"
                        + " AND state_since < $1 ORDER BY state_since LIMIT $2) v"
                        + " LEFT JOIN vm_port p ON p.vm_id = v.id ORDER BY v.state_since, p.nat_rule_number")
                .execute(Tuple.of(before, limit)).map(VmRepository::toVms);
    }

    /** Inserts the VMs and their ports in two statements; answers the VMs as stored, in order. */
    public Uni<List<Vm>> insertAll(SqlClient client, List<Vm> vms) {
        if (vms.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return client.preparedQuery("""
                        INSERT INTO vm (machine_id, mac_address, internal_ip, nat_rule_base, nat_rule_count,
                                        port_range_start, port_range_end, state, owner, dhcp_pool, pool_network)
                        SELECT * FROM unnest($1::text[], $2::text[]::macaddr[], $3::text[]::inet[], $4::integer[],
                                             $5::integer[], $6::integer[], $7::integer[], $8::text[], $9::text[],
                                             $10::text[], $11::text[]::cidr[])
                        RETURNING id, machine_id, state_since""")
                .execute(Tuple.from(List.of(
                        vms.stream().map(Vm::machineId).toArray(String[]::new),
                        vms.stream().map(Vm::macAddress).toArray(String[]::new),
                        vms.stream().map(Vm::internalIp).toArray(String[]::new),
                        vms.stream().map(Vm::natRuleBase).toArray(Integer[]::new),
                        vms.stream().map(Vm::natRuleCount).toArray(Integer[]::new),
                        vms.stream().map(Vm::portRangeStart).toArray(Integer[]::new),
                        vms.stream().map(Vm::portRangeEnd).toArray(Integer[]::new),
                        vms.stream().map(vm -> vm.state().db()).toArray(String[]::new),
                        vms.stream().map(Vm::owner).toArray(String[]::new),
                        vms.stream().map(Vm::pool).toArray(String[]::new),
                        vms.stream().map(Vm::poolNetwork).toArray(String[]::new))))
                .chain(rows -> {
                    Map<String, Row> byName = new LinkedHashMap<>();
                    rows.forEach(row -> byName.put(row.getString("machine_id"), row));
                    List<Vm> stored = vms.stream().map(vm -> {
                        Row row = byName.get(vm.machineId());
                        return new Vm(row.getLong("id"), vm.machineId(), vm.macAddress(), vm.internalIp(), vm.natRuleBase(),
                                vm.natRuleCount(), vm.portRangeStart(), vm.portRangeEnd(), vm.state(),
                                row.getOffsetDateTime("state_since"), vm.ports(), vm.owner(), vm.pool(), vm.poolNetwork());
                    }).toList();
                    return client.preparedQuery(INSERT_PORT)
                            .executeBatch(stored.stream().flatMap(vm -> vm.ports().stream().map(port -> portRow(vm.id(), port)))
                                    .toList())
                            .replaceWith(stored);
                });
    }

    public Uni<Void> insertPorts(SqlClient client, long vmId, List<VmPort> ports) {
        if (ports.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(INSERT_PORT).executeBatch(ports.stream().map(port -> portRow(vmId, port)).toList())
                .replaceWithVoid();
    }

    private static Tuple portRow(long vmId, VmPort port) {
        return Tuple.tuple().addLong(vmId).addString(port.name()).addInteger(port.internalPort())
                .addInteger(port.externalPort()).addInteger(port.natRuleNumber()).addString(port.status().db());
    }

    public Uni<Void> updatePorts(SqlClient client, long vmId, List<VmPort> ports) {
        if (ports.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("UPDATE vm_port SET external_port = $3, status = $4 WHERE vm_id = $1 AND port_name = $2")
                .executeBatch(ports.stream().map(p -> Tuple.tuple().addLong(vmId).addString(p.name())
                        .addInteger(p.externalPort()).addString(p.status().db())).toList())
                .replaceWithVoid();
    }

    /**
     * Moves the VM from {@code from} to {@code to} and answers it, or null when it is missing, in
     * another state or (unless {@code owner} is null) someone else's: the guard that lets only one
     * change at a time touch a VM, and only its owner or an admin make it.
     */
    public Uni<Vm> transition(SqlClient client, String machineId, String owner, VmState from, VmState to) {
        return client.preparedQuery("UPDATE vm SET state = $3, state_since = now()"
                        + " WHERE machine_id = $1 AND state = $2 AND ($4::text IS NULL OR owner = $4)")
                .execute(Tuple.of(machineId, from.db(), to.db(), owner))
                .chain(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().nullItem()
                        : findByMachineId(client, machineId));
    }

    /** Marks the VMs ready: one statement (one commit) for every VM confirmed at the same moment. */
    public Uni<Void> setReady(SqlClient client, List<Long> vmIds) {
        return client.preparedQuery("UPDATE vm SET state = 'ready', state_since = now() WHERE id = ANY($1)")
                .execute(Tuple.of(vmIds.toArray(Long[]::new))).replaceWithVoid();
    }

    public Uni<Void> setState(SqlClient client, long vmId, VmState state) {
        return client.preparedQuery("UPDATE vm SET state = $2, state_since = now() WHERE id = $1")
                .execute(Tuple.of(vmId, state.db())).replaceWithVoid();
    }

    public Uni<Vm> findById(SqlClient client, long vmId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM vm v LEFT JOIN vm_port p ON p.vm_id = v.id"
                        + " WHERE v.id = $1 ORDER BY p.nat_rule_number")
                .execute(Tuple.of(vmId)).map(rows -> first(toVms(rows)));
    }

    /**
     * Takes an unsettled VM for recovery: answers the claim's time, or null when someone else took
     * it or it settled meanwhile.
     */
    public Uni<OffsetDateTime> claimUnsettled(SqlClient client, long vmId, OffsetDateTime seenSince) {
        return client.preparedQuery("UPDATE vm SET state_since = clock_timestamp() WHERE id = $1 AND state_since = $2"
                        + " AND state <> 'ready' RETURNING state_since")
                .execute(Tuple.of(vmId, seenSince))
                .map(rows -> rows.rowCount() == 1 ? rows.iterator().next().getOffsetDateTime("state_since") : null);
    }

    /** Locks the VM for the rest of the transaction if the claim made at {@code claimedAt} still holds. */
    public Uni<Boolean> lockClaimed(SqlClient client, long vmId, OffsetDateTime claimedAt) {
        return client.preparedQuery("SELECT 1 FROM vm WHERE id = $1 AND state_since = $2 FOR UPDATE")
                .execute(Tuple.of(vmId, claimedAt)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> delete(SqlClient client, long vmId) {
        return client.preparedQuery("DELETE FROM vm_port WHERE vm_id = $1").execute(Tuple.of(vmId))
                .chain(() -> client.preparedQuery("DELETE FROM vm WHERE id = $1").execute(Tuple.of(vmId)))
                .replaceWithVoid();
    }

    private static Vm first(List<Vm> vms) {
        return vms.isEmpty() ? null : vms.get(0);
    }

    private static List<Vm> toVms(RowSet<Row> rows) {
        Map<Long, Vm> vms = new LinkedHashMap<>();
        Map<Long, List<VmPort>> ports = new LinkedHashMap<>();
        for (Row row : rows) {
            long id = row.getLong("id");
            vms.computeIfAbsent(id, key -> new Vm(id, row.getString("machine_id"), row.getString("mac_address"),
                    row.getString("internal_ip"), row.getInteger("nat_rule_base"), row.getInteger("nat_rule_count"),
                    row.getInteger("port_range_start"), row.getInteger("port_range_end"),
                    VmState.fromDb(row.getString("state")), row.getOffsetDateTime("state_since"), List.of(),
                    row.getString("owner"), row.getString("dhcp_pool"), row.getString("pool_network")));
            List<VmPort> list = ports.computeIfAbsent(id, key -> new ArrayList<>());
            if (row.getString("port_name") != null) {
                list.add(new VmPort(row.getString("port_name"), row.getInteger("internal_port"),
                        row.getInteger("external_port"), row.getInteger("nat_rule_number"),
                        PortStatus.fromDb(row.getString("status"))));
            }
        }
        return vms.values().stream().map(vm -> vm.withPorts(ports.get(vm.id()))).toList();
    }
}
