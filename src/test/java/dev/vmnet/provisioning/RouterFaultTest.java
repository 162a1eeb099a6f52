package dev.vmnet.provisioning;

import static dev.vmnet.support.Api.api;
import static dev.vmnet.support.Api.provision;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.change.RecoveryJob;
import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Router failures during provision, port actions and decommission (docs/vyos-router.md §3 and §5):
 * the caller gets the right status, no allocation leaks and nothing half-applied stays on the
 * router. The test profile's commit timeout is 2 s.
 */
@QuarkusTest
class RouterFaultTest {

    private static final String DHCP = "service dhcp-server";

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @AfterEach
    void nothingLeakedAndRouterMatchesDatabase() {
        simulator.restart();
        state.assertConsistent();
    }

    // ---- provision ------------------------------------------------------------------------------

    @Test
    void provisionSucceedsWhenA502OrALockIsRetried() {
        simulator.inject(new Fault.HttpError(502, false));
        simulator.inject(new Fault.Locked());
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        assertEquals(3, state.configureCalls(), "two retries, then the commit");
    }

    @Test
    void provisionAnswers503AndReleasesEverythingWhenTheApiKeepsAnswering502() {
        for (int i = 0; i < 5; i++) {
            simulator.inject(new Fault.HttpError(502, false));
        }
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("ROUTER_UNAVAILABLE"))
                .body("detail", equalTo("VyOS router unavailable: its web server answered HTTP 502"));
        assertEquals(0, state.count("SELECT count(*) FROM vm"));
    }

    @Test
    void provisionAnswers503WhenTheLockIsHeldElsewhereForLong() {
        for (int i = 0; i < 5; i++) {
            simulator.inject(new Fault.Locked());
        }
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(503)
                .body("code", equalTo("ROUTER_UNAVAILABLE"))
                .body("detail", equalTo("VyOS router unavailable: configuration system temporarily locked by another commit"));
        assertEquals(5, state.configureCalls(), "a locked batch is discarded, so it is retried, never read back");
    }

    @Test
    void provisionAnswers502WithTheRoutersTextOnAnInternalError() {
        simulator.inject(new Fault.InternalError());
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(502)
                .body("code", equalTo("ROUTER_ERROR"))
                .body("detail", equalTo("VyOS API returned an error: 500 - An internal error occured. Check the logs for details."));
    }

    @Test
    void aPartialCommitIsUndoneWhenDhcpFailsAfterNatCommitted() {
        // nat (priority 220) commits before dhcp-server (911): the rules stay, the mapping does not
        simulator.inject(new Fault.CommitFails(DHCP, "Configured IP address for static mapping \"server-01\" already exists"));
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(502)
                .body("code", equalTo("ROUTER_REJECTED"))
                .body("detail", equalTo("VyOS API returned an error: 400 - [[service dhcp-server]] failed\nCommit failed"));
        assertEquals(2, state.configureCalls(), "the change, then the removal of the rules that stayed");
        assertEquals(new TreeSet<>(), state.router(), "no rule is left behind");
    }

    @Test
    void aRejectedNatCommitLeavesNothingToUndo() {
        simulator.inject(new Fault.CommitFails("nat", "rule 10001: translation requires address and/or port"));
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(502)
                .body("detail", equalTo("VyOS API returned an error: 400 - [[nat]] failed\nCommit failed"));
        assertEquals(1, state.configureCalls());
    }

    @Test
    void aCommitThatOutlastsTheTimeoutButSucceedsIsReportedAppliedAndNotSentTwice() {
        simulator.inject(new Fault.SlowCommit(Duration.ofSeconds(3)));
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);

        assertEquals(2, state.configureCalls(), "the change once, then a no-op that waits for the router's lock");
        assertEquals(1, simulator.configureLog().get(1).size());
        assertEquals("set", simulator.configureLog().get(1).get(0).op());
    }

    @Test
    void aCommitThatOutlastsTheTimeoutAndFailsIsUndoneAndReported() {
        simulator.inject(new Fault.SlowCommit(Duration.ofSeconds(3)), new Fault.CommitFails(DHCP, "boom"));
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(503)
                .body("code", equalTo("ROUTER_UNAVAILABLE"))
                .body("detail", startsWith("VyOS router unavailable: no answer to /configure within 2000 ms"));
        assertEquals(new TreeSet<>(), state.router(), "the NAT rules that committed were removed");
    }

    @Test
    void provisionAnswers503WhenTheRouterIsDown() {
        simulator.stop();
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(503)
                .body("code", equalTo("ROUTER_UNAVAILABLE"))
                .body("detail", startsWith("VyOS router unavailable: cannot connect"));
        assertEquals(0, state.count("SELECT count(*) FROM vm"));
    }

    @Test
    void aChangeWhoseProcessDiedIsRolledBackByTheRecoveryJob() {
        // as a crash leaves it: the router committed the provision, the rows never heard back
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        state.sql("UPDATE vm SET state = 'provisioning', state_since = now() - interval '2 minutes'");

        recovery.recoverInterruptedChanges().await().indefinitely();

        assertEquals(0, state.count("SELECT count(*) FROM vm"));
        assertEquals(new TreeSet<>(), state.router(), "the change the router kept was rolled back");
    }

    @Test
    void theRecoveryJobLeavesAChangeYoungerThanRecoveryAfter() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        state.sql("UPDATE vm SET state = 'changing'");

        recovery.recoverInterruptedChanges().await().indefinitely();

        assertEquals("changing", state.vm("server-01").get("state"), "it may still be in flight");
        state.sql("UPDATE vm SET state = 'ready'");
    }

    @Inject
    RecoveryJob recovery;

    // ---- port actions ---------------------------------------------------------------------------

    @Test
    void aFailedPauseChangesNothing() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        simulator.inject(new Fault.InternalError());
        api().body("{\"action\": \"pause\"}").post("/v1/vms/server-01/ports/template").then().statusCode(502)
                .body("code", equalTo("ROUTER_ERROR"));
        api().get("/v1/status/vms/server-01/ports").then().statusCode(200)
                .body("ports.ssh.status", equalTo("enabled"));
    }

    @Test
    void aRejectedCreateReleasesThePortItAllocated() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        api().body("{\"action\": \"delete\"}").post("/v1/vms/server-01/ports/https").then().statusCode(200);
        simulator.inject(new Fault.CommitFails("nat", "boom"));

        api().body("{\"action\": \"create\"}").post("/v1/vms/server-01/ports/https").then().statusCode(502)
                .body("code", equalTo("ROUTER_REJECTED"));
        api().get("/v1/status/vms/server-01/ports").then().body("ports.https.status", equalTo("not_active"));
        assertEquals(1, state.count("SELECT count(*) FROM free_port WHERE port = 35002"));
    }

    @Test
    void aDeleteWhoseAnswerIsLostButWhichCommittedIsReportedDone() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        simulator.inject(new Fault.SlowCommit(Duration.ofSeconds(3)));
        api().body("{\"action\": \"delete\"}").post("/v1/vms/server-01/ports/ssh").then().statusCode(200)
                .body("ports.ssh.status", equalTo("not_active"));
    }

    @Test
    void portActionsAnswer503WhenTheRouterIsDown() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        simulator.stop();
        api().body("{\"action\": \"disable\"}").post("/v1/vms/server-01/ports/http").then().statusCode(503);
        simulator.restart();
        api().get("/v1/status/vms/server-01/ports").then().body("ports.http.status", equalTo("enabled"));
    }

    // ---- decommission ---------------------------------------------------------------------------

    @Test
    void aPartlyAppliedDecommissionIsUndoneAndTheVmStays() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        TreeSet<String> before = state.router();
        simulator.inject(new Fault.CommitFails(DHCP, "boom"));

        api().delete("/v1/vms/server-01/decommission").then().statusCode(502).body("code", equalTo("ROUTER_REJECTED"));
        assertEquals(before, state.router(), "the rules the router removed are back");
        assertEquals("ready", state.vm("server-01").get("state"));
    }

    @Test
    void decommissionAnswers503AndKeepsTheVmWhenTheRouterIsDown() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        simulator.stop();
        api().delete("/v1/vms/server-01").then().statusCode(503).body("code", equalTo("ROUTER_UNAVAILABLE"));
        simulator.restart();
        assertTrue(state.vm("server-01") != null);
        api().delete("/v1/vms/server-01").then().statusCode(200);
    }

    @Test
    void decommissionRetriesThroughA502() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        simulator.inject(new Fault.HttpError(502, true));
        api().delete("/v1/vms/server-01").then().statusCode(200);
        assertEquals(0, state.count("SELECT count(*) FROM vm"));
    }
}
