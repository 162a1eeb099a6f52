package dev.vmnet.provisioning;

import static dev.vmnet.support.Api.api;
import static dev.vmnet.support.Api.provision;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The router goes away in the middle of a change, for longer than any retry (its API answers
 * nginx's HTML 502, or it refuses connections), then comes back. The caller of the interrupted
 * change gets 503 ROUTER_STATE_UNKNOWN; a call meanwhile answers 409 VM_BUSY at once instead of
 * waiting; once the router is back the service rolls the change back by itself, so a retry two
 * seconds later goes through, and nothing is left half-done or leaked. The test profile's commit
 * and read timeouts are 2 s, and provisioning.busy-wait is 3 s; an outage lasts 5 s or, on a slow
 * machine, until the calls made during it have been answered.
 */
@QuarkusTest
class RouterOutageTest {

    /** The shortest outage; it lasts until the calls made during it have been answered. */
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    private Instant outageBegan;

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    enum Outage {
        /** nginx up, the API process down: every call answers the HTML 502 page. */
        HTML_502,
        /** the router unreachable: connections are cut and refused. */
        DOWN;

        void begin(VyosSimulator simulator) {
            if (this == HTML_502) {
                simulator.setDown(true);
            } else {
                simulator.stop();
            }
        }

        void end(VyosSimulator simulator) {
            simulator.setDown(false);
            simulator.restart();
        }
    }

    @BeforeEach
    void reset() {
        state.reset();
    }

    @AfterEach
    void nothingLeakedAndRouterMatchesDatabase() {
        simulator.restart();
        state.assertConsistent();
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void aProvisionInterruptedByAnOutageIsRolledBackAndItsRetryCreatesTheVm(Outage outage) {
        Response interrupted = during(outage, () -> provision("server-01", "00:11:22:33:44:AA", 150, 35000));
        interrupted.then().statusCode(503).body("code", equalTo("ROUTER_STATE_UNKNOWN"));
        assertEquals("provisioning", state.vm("server-01").get("state"));

        // still down: a repeat answers within provisioning.busy-wait instead of waiting for the router
        Response repeat = provision("server-01", "00:11:22:33:44:AA", 150, 35000);
        repeat.then().statusCode(409).body("code", equalTo("VM_BUSY")).header("Retry-After", "1");

        afterTheOutage(outage);
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201)
                .body("internal_ip", equalTo("192.168.64.150"));
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void aPauseInterruptedByAnOutageIsRolledBackAndItsRetryPauses(Outage outage) {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);

        Response interrupted = during(outage, () -> api().body("{\"action\": \"pause\"}").post("/v1/vms/server-01/ports/template"));
        interrupted.then().statusCode(503).body("code", equalTo("ROUTER_STATE_UNKNOWN"));
        api().body("{\"action\": \"pause\"}").post("/v1/vms/server-01/ports/template").then().statusCode(409)
                .body("code", equalTo("VM_BUSY"));

        afterTheOutage(outage);
        api().body("{\"action\": \"pause\"}").post("/v1/vms/server-01/ports/template").then().statusCode(200)
                .body("ports.ssh.status", equalTo("paused"))
                .body("ports.https.status", equalTo("paused"));
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void aDecommissionInterruptedByAnOutageIsRolledBackAndItsRetryRemovesTheVm(Outage outage) {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);

        Response interrupted = during(outage, () -> api().delete("/v1/vms/server-01/decommission"));
        interrupted.then().statusCode(503).body("code", equalTo("ROUTER_STATE_UNKNOWN"));
        api().delete("/v1/vms/server-01/decommission").then().statusCode(409).body("code", equalTo("VM_BUSY"));

        afterTheOutage(outage);
        api().delete("/v1/vms/server-01/decommission").then().statusCode(200)
                .body("message", equalTo("VM server-01 and all NAT rules removed"));
        assertNull(state.vm("server-01"));
    }

    /**
     * Sends {@code call} with a commit that outlasts the 2 s commit timeout, and takes the router
     * away while it runs: the commit lands, but neither the lock barrier nor the read-back that
     * follow the timeout get through, so the service cannot know what the router holds.
     */
    private Response during(Outage outage, Supplier<Response> call) {
        simulator.inject(new Fault.SlowCommit(Duration.ofMillis(2500)));
        int sent = state.configureCalls();
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(call);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state.configureCalls() > sent);
        outage.begin(simulator);
        outageBegan = Instant.now();
        return answer.join();
    }

    /** Ends the outage, at least {@link #OUTAGE} after it began, and waits two seconds, as a pipeline would before retrying. */
    private void afterTheOutage(Outage outage) {
        Duration left = Duration.between(Instant.now(), outageBegan.plus(OUTAGE));
        sleep(left.isNegative() ? Duration.ZERO : left);
        outage.end(simulator);
        sleep(Duration.ofSeconds(2));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
