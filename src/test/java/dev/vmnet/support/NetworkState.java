package dev.vmnet.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmnet.common.Transactions;
import dev.vmnet.hadr.StandbySync;
import dev.vmnet.network.Ipv4;
import dev.vmnet.network.Network;
import dev.vmnet.notifications.EventDispatcher;
import dev.vmnet.router.RouterLock;
import dev.vmnet.router.simulator.VyosSimulator;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the tests check after every scenario: the router (the simulator) holds exactly what the
 * database says, every pool value is either free or held (never both, never neither), and no VM
 * is left half-changed.
 */
@ApplicationScoped
public class NetworkState {

    @Inject
    Pool pool;

    @Inject
    VyosSimulator simulator;

    @Inject
    Network network;

    @Inject
    RouterLock locks;

    /**
     * Empties the database, giving every value back to the pools that the current settings cover
     * (a VM left by a test with other settings may hold values outside them), and resets the simulator.
     * It holds the standby sync's lock, so that no replay read before the reset reaches the standby after it.
     */
    public void reset() {
        locks.holding(StandbySync.SYNC_LOCK, () -> Uni.createFrom().item(() -> {
            resetNow();
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())).await().indefinitely();
    }

    private void resetNow() {
        inOneTransaction("SELECT pg_advisory_xact_lock(" + EventDispatcher.LOCK + ");" + """
                INSERT INTO free_ip SELECT internal_ip FROM vm
                  WHERE internal_ip << '%s'::cidr AND internal_ip > '%s'::inet AND internal_ip < '%s'::inet
                    AND internal_ip <> '%s'::inet ON CONFLICT DO NOTHING;
                INSERT INTO free_port SELECT external_port FROM vm_port WHERE external_port IS NOT NULL ON CONFLICT DO NOTHING;
                INSERT INTO free_port SELECT listen_port FROM vpn WHERE listen_port IS NOT NULL ON CONFLICT DO NOTHING;
                INSERT INTO free_rule_block SELECT nat_rule_base FROM vm
                  WHERE nat_rule_base BETWEEN %d AND %d - %d + 1 AND (nat_rule_base - %d) %% %d = 0 ON CONFLICT DO NOTHING;
                TRUNCATE vm, vm_port, audit_log, api_key, app_user, operation, dhcp_pool, vpn, event, delivery, notification_rule, integration,
                  secret, scheduled_task, task_run, standby_log, vbox_machine;
                UPDATE router_status SET reachable = true, needs_repair = false, last_error = NULL, last_error_at = NULL,
                  last_commit_at = NULL;
                UPDATE hadr_state SET active = 'primary'""".formatted(network.subnet(), Ipv4.format(network.subnet().network()),
                Ipv4.format(network.subnet().lastHost() + 1), Ipv4.format(network.gateway()),
                network.ruleStart(), network.ruleEnd(), network.ruleBlockSize(), network.ruleStart(), network.ruleBlockSize()));
        simulator.reset();
        simulator.standby().ifPresent(standby -> ((VyosSimulator) standby).reset());
    }

    /** The router's view, one line per static mapping and per NAT rule in the managed ranges. */
    public TreeSet<String> router() {
        return router(simulator);
    }

    /** The standby simulator's view (SIMULATOR_SECONDARY), as {@link #router()}. */
    public TreeSet<String> standby() {
        return router(simulator.standbySimulator());
    }

    private TreeSet<String> router(VyosSimulator simulator) {
        TreeSet<String> lines = new TreeSet<>();
        if (simulator.baseUri() == null) {
            return database(); // a WireMock router keeps no config
        }
        JsonNode mappings = simulator.config(List.of("service", "dhcp-server", "shared-network-name",
                network.sharedNetwork(), "subnet", network.subnet().toString(), "static-mapping"));
        if (mappings != null) {
            mappings.fields().forEachRemaining(e -> lines.add("mapping " + e.getKey()
                    + " mac=" + text(e.getValue(), "mac-address", "mac") + " ip=" + text(e.getValue(), "ip-address")));
        }
        JsonNode networks = simulator.config(List.of("service", "dhcp-server", "shared-network-name"));
        if (networks != null) {
            networks.fields().forEachRemaining(e -> {
                if ("vmnet pool".equals(e.getValue().path("description").asText())) {
                    e.getValue().path("subnet").fields().forEachRemaining(subnet -> {
                        JsonNode s = subnet.getValue();
                        JsonNode options = s.has("option") ? s.path("option") : s;
                        JsonNode servers = options.path("name-server");
                        List<String> dns = new ArrayList<>();
                        if (servers.isArray()) {
                            servers.forEach(server -> dns.add(server.asText()));
                        } else {
                            dns.add(servers.asText());
                        }
                        s.path("static-mapping").fields().forEachRemaining(m -> lines.add("mapping " + m.getKey()
                                + " mac=" + text(m.getValue(), "mac-address", "mac") + " ip=" + text(m.getValue(), "ip-address")
                                + " pool=" + e.getKey()));
                        JsonNode range = s.path("range").path("0");
                        lines.add("pool " + e.getKey() + " " + subnet.getKey() + " " + range.path("start").asText() + "-"
                                + range.path("stop").asText() + " router=" + options.path("default-router").asText()
                                + " dns=" + String.join(",", dns) + " lease=" + s.path("lease").asText());
                    });
                }
            });
        }
        JsonNode rules = simulator.config(List.of("nat", "destination", "rule"));
        if (rules != null) {
            rules.fields().forEachRemaining(e -> {
                JsonNode rule = e.getValue();
                JsonNode inbound = rule.path("inbound-interface");
                lines.add("rule " + e.getKey() + " " + text(rule, "description")
                        + " in=" + (inbound.isObject() ? inbound.path("name").asText() : inbound.asText())
                        + " " + text(rule, "protocol") + " " + rule.path("destination").path("port").asText()
                        + "->" + rule.path("translation").path("address").asText()
                        + ":" + rule.path("translation").path("port").asText()
                        + (rule.has("disable") ? " disabled" : ""));
            });
        }
        return lines;
    }

    /** What the router should hold according to the database. */
    public TreeSet<String> database() {
        TreeSet<String> lines = new TreeSet<>();
        for (Row vm : rows("SELECT machine_id, mac_address::text AS mac, host(internal_ip) AS ip, dhcp_pool FROM vm")) {
            lines.add("mapping " + vm.getString("machine_id") + " mac=" + vm.getString("mac") + " ip=" + vm.getString("ip")
                    + (vm.getString("dhcp_pool") == null ? "" : " pool=" + vm.getString("dhcp_pool")));
        }
        for (Row pool : rows("SELECT name, network::text AS network, range_start, range_stop, default_router, "
                + "array_to_string(dns_servers, ',') AS dns, lease_time FROM dhcp_pool WHERE state <> 'creating'")) {
            lines.add("pool " + pool.getString("name") + " " + pool.getString("network") + " " + pool.getString("range_start")
                    + "-" + pool.getString("range_stop") + " router=" + pool.getString("default_router") + " dns="
                    + pool.getString("dns") + " lease=" + pool.getLong("lease_time"));
        }
        for (Row port : rows("""
                SELECT v.machine_id, host(v.internal_ip) AS ip, p.* FROM vm_port p JOIN vm v ON v.id = p.vm_id
                WHERE p.status <> 'not_active'""")) {
            lines.add("rule " + port.getInteger("nat_rule_number") + " vmnet:" + port.getString("machine_id") + ":"
                    + port.getString("port_name") + " in=" + network.wanInterface() + " tcp "
                    + port.getInteger("external_port") + "->" + port.getString("ip") + ":" + port.getInteger("internal_port")
                    + (port.getString("status").equals("enabled") ? "" : " disabled"));
        }
        return lines;
    }

    /** Router and database agree, every VM is settled, and no pool value is leaked or double-held. */
    public void assertConsistent() {
        assertEquals(database(), router(), "the router holds exactly what the database says");
        assertEquals(0, count("SELECT count(*) FROM vm WHERE state <> 'ready'"), "no VM is left half-changed");
        assertEquals(0, count("SELECT count(*) FROM dhcp_pool WHERE state <> 'ready'"), "no pool is left half-changed");
        assertEquals(0, count("SELECT count(*) FROM vpn WHERE state <> 'ready'"), "no VPN is left half-changed");
        assertNoLeaks();
    }

    public void assertNoLeaks() {
        long hosts = network.subnet().size() - 3; // without network, broadcast and gateway
        assertEquals(hosts, count("SELECT (SELECT count(*) FROM free_ip) + (SELECT count(*) FROM vm WHERE dhcp_pool IS NULL)"),
                "every address is either free or held by one VM");
        assertEquals(0, count("SELECT count(*) FROM free_ip f JOIN vm ON vm.internal_ip = f.ip"), "no held address is free");
        assertEquals(65535, count("SELECT (SELECT count(*) FROM free_port)"
                + " + (SELECT count(*) FROM vm_port WHERE external_port IS NOT NULL)"
                + " + (SELECT count(*) FROM vpn WHERE listen_port IS NOT NULL)"), "every port is free or held by a VM or a VPN");
        assertEquals(0, count("SELECT count(*) FROM free_port f JOIN vm_port p ON p.external_port = f.port"),
                "no held port is free");
        long blocks = (network.ruleEnd() - network.ruleStart() + 1) / network.ruleBlockSize();
        assertEquals(blocks, count("SELECT (SELECT count(*) FROM free_rule_block) + (SELECT count(*) FROM vm)"),
                "every rule block is free or held");
    }

    public long count(String sql) {
        return rows(sql).get(0).getLong(0);
    }

    public List<Row> rows(String sql) {
        List<Row> rows = new ArrayList<>();
        pool.query(sql).execute().await().indefinitely().forEach(rows::add);
        return rows;
    }

    /**
     * Sends {@code call} with a commit that outlasts the 2 s commit timeout and stops the router
     * while it runs: the commit lands, but nothing after it gets through, so the outcome is unknown.
     */
    public <T> T duringOutage(java.util.function.Supplier<T> call) {
        simulator.inject(new dev.vmnet.router.simulator.Fault.SlowCommit(java.time.Duration.ofMillis(2500)));
        int sent = configureCalls();
        java.util.concurrent.CompletableFuture<T> answer = java.util.concurrent.CompletableFuture.supplyAsync(call);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> configureCalls() > sent);
        simulator.stop();
        return answer.join();
    }

    /** The tables with a row whose text (every column, as PostgreSQL prints the row) contains {@code text}. */
    public List<String> tablesContaining(String text) {
        List<String> found = new ArrayList<>();
        for (Row table : rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")) {
            String name = table.getString("tablename");
            long hits = pool.preparedQuery("SELECT count(*) FROM \"" + name + "\" t WHERE strpos(t::text, $1) > 0")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(text)).await().indefinitely().iterator().next().getLong(0);
            if (hits > 0) {
                found.add(name);
            }
        }
        return found;
    }

    /**
     * Under the dispatcher's lock, so that a reset never meets a dispatch half-way (TRUNCATE and the
     * dispatcher lock the same tables in other orders); a deadlock with a delivery claim is retried.
     */
    private void inOneTransaction(String statements) {
        pool.withTransaction(connection -> Multi.createFrom().items(statements.split(";\\s*"))
                        .filter(statement -> !statement.isBlank())
                        .onItem().transformToUniAndConcatenate(statement -> connection.query(statement).execute())
                        .collect().last())
                .onFailure(Transactions::isSerializationFailure).retry().atMost(5)
                .await().indefinitely();
    }

    public void sql(String statements) {
        for (String statement : statements.split(";\\s*")) {
            if (!statement.isBlank()) {
                pool.query(statement).execute().await().indefinitely();
            }
        }
    }

    /** How many /configure calls the simulator received since the last reset. */
    public int configureCalls() {
        return simulator.configureLog().size();
    }

    public Map<String, String> vm(String machineId) {
        Row row = rows("SELECT machine_id, state, host(internal_ip) AS ip FROM vm WHERE machine_id = '" + machineId + "'")
                .stream().findFirst().orElse(null);
        return row == null ? null : Map.of("machine_id", row.getString("machine_id"), "state", row.getString("state"),
                "ip", row.getString("ip"));
    }

    private static String text(JsonNode node, String... fields) {
        for (String field : fields) {
            if (node.has(field)) {
                return node.get(field).asText();
            }
        }
        return "?";
    }
}
