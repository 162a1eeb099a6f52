package dev.vmnet.dhcp;

import static dev.vmnet.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.change.RecoveryJob;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pool changes left unsettled are rolled back like VM changes, by the same recovery: one the router
 * lost mid-commit (503 ROUTER_STATE_UNKNOWN) as soon as the router is back, one whose process died
 * by the recovery job. Afterwards the router holds exactly what the database says.
 */
@QuarkusTest
class PoolRecoveryTest {

    private static final String CHANGED = DhcpPoolApiTest.SPEC_EXAMPLE.replace("192.168.1.200", "192.168.1.150")
            .replace("\"8.8.8.8\"", "\"9.9.9.9\"");

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @Inject
    RecoveryJob job;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @AfterEach
    void routerAndDatabaseAgree() {
        simulator.restart();
        state.assertConsistent();
    }

    @Test
    void aCreateTheRouterLostIsRolledBackOnceItAnswersAndTheRetryCreatesThePool() {
        state.duringOutage(() -> DhcpPoolApiTest.create(DhcpPoolApiTest.SPEC_EXAMPLE)).then().statusCode(503)
                .body("code", equalTo("ROUTER_STATE_UNKNOWN"));
        api().get("/v1/dhcp-pools/pool1").then().statusCode(200).body("state", equalTo("creating"));

        simulator.restart();
        settled();
        api().get("/v1/dhcp-pools/pool1").then().statusCode(404);
        assertEquals(new TreeSet<>(), state.router(), "the pool the router committed was removed");
        DhcpPoolApiTest.create(DhcpPoolApiTest.SPEC_EXAMPLE).then().statusCode(201);
    }

    @Test
    void anUpdateTheRouterLostGetsItsOldValuesBackOnTheRouterAndInTheRow() {
        DhcpPoolApiTest.create(DhcpPoolApiTest.SPEC_EXAMPLE).then().statusCode(201);
        TreeSet<String> before = state.router();

        state.duringOutage(() -> api().body(CHANGED).put("/v1/dhcp-pools/pool1")).then().statusCode(503)
                .body("code", equalTo("ROUTER_STATE_UNKNOWN"));

        simulator.restart();
        settled();
        assertEquals(before, state.router());
        api().get("/v1/dhcp-pools/pool1").then().statusCode(200).body("range_stop", equalTo("192.168.1.200"))
                .body("dns_servers", equalTo(List.of("8.8.8.8"))).body("state", equalTo("ready"));
        api().body(CHANGED).put("/v1/dhcp-pools/pool1").then().statusCode(200).body("range_stop", equalTo("192.168.1.150"));
    }

    @Test
    void aDeleteTheRouterLostKeepsThePool() {
        DhcpPoolApiTest.create(DhcpPoolApiTest.SPEC_EXAMPLE).then().statusCode(201);
        TreeSet<String> before = state.router();

        state.duringOutage(() -> api().delete("/v1/dhcp-pools/pool1")).then().statusCode(503).body("code", equalTo("ROUTER_STATE_UNKNOWN"));

        simulator.restart();
        settled();
        assertEquals(before, state.router(), "the pool is back on the router");
        api().delete("/v1/dhcp-pools/pool1").then().statusCode(204);
    }

    @Test
    void theRecoveryJobRollsBackPoolChangesWhoseProcessDied() {
        // as a crash leaves them: the router committed, the rows never heard back
        DhcpPoolApiTest.create(DhcpPoolApiTest.SPEC_EXAMPLE).then().statusCode(201);
        DhcpPoolApiTest.create(DhcpPoolApiTest.SPEC_EXAMPLE.replace("pool1", "pool2").replace("192.168.1.", "192.168.2."))
                .then().statusCode(201);
        TreeSet<String> pool1 = new TreeSet<>(state.router().stream().filter(line -> line.startsWith("pool pool1")).toList());
        api().body(CHANGED).put("/v1/dhcp-pools/pool1").then().statusCode(200);
        state.sql("""
                UPDATE dhcp_pool SET state = 'changing', state_since = now() - interval '2 minutes',
                    previous = '{"network": "192.168.1.0/24", "range_start": "192.168.1.100", "range_stop": "192.168.1.200",
                                 "default_router": "192.168.1.1", "dns_servers": ["8.8.8.8"], "lease_time": 86400}'
                WHERE name = 'pool1';
                UPDATE dhcp_pool SET state = 'creating', state_since = now() - interval '2 minutes' WHERE name = 'pool2'""");

        job.recoverInterruptedChanges().await().indefinitely();

        assertEquals(pool1, state.router(), "pool1 has its old values and pool2 is gone");
        api().get("/v1/dhcp-pools/pool2").then().statusCode(404);
        assertEquals(2, state.count("SELECT count(*) FROM audit_log WHERE action = 'dhcp_pool.recover' AND result = 'success'"));
    }

    @Test
    void theRecoveryJobLeavesAPoolChangeYoungerThanRecoveryAfter() {
        DhcpPoolApiTest.create(DhcpPoolApiTest.SPEC_EXAMPLE).then().statusCode(201);
        state.sql("UPDATE dhcp_pool SET state = 'deleting'");

        job.recoverInterruptedChanges().await().indefinitely();

        api().get("/v1/dhcp-pools/pool1").then().statusCode(200).body("state", equalTo("deleting"));
        state.sql("UPDATE dhcp_pool SET state = 'ready'");
    }

    private void settled() {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> state.count("SELECT count(*) FROM dhcp_pool WHERE state <> 'ready'") == 0);
    }
}
