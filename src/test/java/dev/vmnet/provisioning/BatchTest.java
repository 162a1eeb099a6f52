package dev.vmnet.provisioning;

import static dev.vmnet.support.Api.provision;
import static dev.vmnet.support.RouterPaths.MAPPINGS;
import static dev.vmnet.support.RouterPaths.mapping;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.SimulatedRouter.Command;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Changes that wait together go out as one /configure. When the router refuses that batch, the
 * writer splits it until the refused change is alone: that change fails with the router's error,
 * every other change of the batch is applied.
 */
@QuarkusTest
class BatchTest {

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @Test
    void aRefusedChangeFailsAloneAndTheRestOfItsBatchIsApplied() {
        state.reset();
        // a mapping made by hand holds the MAC that vm-5 will ask for: the router refuses vm-5's mapping
        simulator.edit(List.of(new Command("set", mapping("intruder", "mac-address"), "00:11:22:33:44:05"),
                new Command("set", mapping("intruder", "ip-address"), "192.168.64.20")));
        // a slow first commit holds the writer while the eight others queue up behind it
        simulator.inject(new Fault.SlowCommit(Duration.ofMillis(1500)));
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> provision("first", "00:11:22:33:44:00", 100, 34000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state.configureCalls() == 1);
        Map<String, CompletableFuture<Response>> calls = new TreeMap<>();
        IntStream.rangeClosed(1, 8).forEach(i -> calls.put("vm-" + i, CompletableFuture.supplyAsync(
                () -> provision("vm-" + i, "00:11:22:33:44:0" + i, 100 + i, 34000 + 10 * i))));

        assertEquals(201, first.join().statusCode());
        calls.forEach((name, call) -> {
            Response response = call.join();
            if (name.equals("vm-5")) {
                response.then().statusCode(502).contentType("application/problem+json")
                        .body("code", equalTo("ROUTER_REJECTED"))
                        .body("detail", equalTo(
                                "VyOS API returned an error: 400 - [[service dhcp-server]] failed\nCommit failed"));
            } else {
                assertEquals(201, response.statusCode(), name + ": " + response.asString());
            }
        });

        List<List<Command>> log = simulator.configureLog();
        assertEquals(new TreeSet<>(calls.keySet()), mappingsSet(log.get(1)), "the eight waited together: one /configure");
        // the batch, the removal of the NAT rules its failed dhcp-server commit left, then halves:
        // at each of three levels one half commits, the other is refused and undone
        assertEquals(1 + 2 + 3 * 3, log.size());
        assertEquals(0, state.count("SELECT count(*) FROM vm WHERE machine_id = 'vm-5'"));
        assertEquals(8, state.count("SELECT count(*) FROM vm WHERE state = 'ready'"));
        simulator.edit(List.of(new Command("delete", mapping("intruder"), null)));
        state.assertConsistent();
    }

    private static TreeSet<String> mappingsSet(List<Command> commands) {
        TreeSet<String> names = new TreeSet<>();
        for (Command command : commands) {
            if (command.op().equals("set") && command.path().size() > MAPPINGS.size() && command.path().subList(0, MAPPINGS.size()).equals(MAPPINGS)) {
                names.add(command.path().get(MAPPINGS.size()));
            }
        }
        return names;
    }
}
