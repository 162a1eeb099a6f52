package dev.vmnet.router;

import static dev.vmnet.support.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * At shutdown the writer commits what is still queued (asynchronous changes: no request waits
 * for them) or, past its patience, answers it unsent, so nothing is left hanging.
 */
@QuarkusTest
class ShutdownTest {

    @Inject
    RouterWriter writer;

    @Inject
    VyosSimulator simulator;

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void queuedChangesAreCommittedBeforeTheWriterStops() {
        simulator.inject(new Fault.SlowCommit(Duration.ofMillis(800)));
        String first = accepted("vm-1", 1);
        String second = accepted("vm-2", 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> state.configureCalls() == 1);

        writer.drain(Duration.ofSeconds(10));

        assertEquals("applied", state(first));
        assertEquals("applied", state(second));
        state.assertConsistent();
    }

    @Test
    void whatCannotBeCommittedInTimeIsAnsweredUnsent() {
        simulator.inject(new Fault.SlowCommit(Duration.ofMillis(1500)));
        String first = accepted("vm-1", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> state.configureCalls() == 1);
        String second = accepted("vm-2", 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.queued() == 1);

        writer.drain(Duration.ofMillis(100));

        assertEquals("failed", state(second));
        assertEquals("ROUTER_BUSY", api().get(second).jsonPath().getString("error.code"));
        assertEquals("VyOS router unavailable: the service is shutting down; the change was not sent",
                api().get(second).jsonPath().getString("error.detail"));
        assertEquals("applied", state(first), "the commit under way finishes");
        assertEquals(1, state.configureCalls(), "the second change was never sent");
        state.assertConsistent();
    }

    private static String accepted(String name, int i) {
        return api().header("Prefer", "respond-async").body("""
                {"vm_name": "%s", "mac_address": "00:11:22:33:44:0%d",
                 "ip_range": {"base": "192.168.64.", "start": %d, "end": %d}}""".formatted(name, i, 150 + i, 150 + i))
                .post("/v1/vms/provision").then().statusCode(202).extract().header("Location");
    }

    private static String state(String location) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> api().get(location).jsonPath().getString("state"),
                operation -> !operation.equals("pending"));
    }
}
