package dev.vmnet.observability;

import static dev.vmnet.support.Api.provision;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.allocation.PoolUsage;
import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** What Prometheus scrapes at /q/metrics moves with what the service does. */
@QuarkusTest
class MetricsTest {

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @Inject
    PoolUsage poolUsage;

    @Test
    void provisionsDecommissionsRouterWorkAndPoolsAreCounted() throws Exception {
        state.reset();
        double provisioned = metric("vmnet_changes_total{action=\"vm.provision\",result=\"success\"}");
        double rejected = metric("vmnet_changes_total{action=\"vm.provision\",result=\"ROUTER_REJECTED\"}");
        double removed = metric("vmnet_changes_total{action=\"vm.decommission\",result=\"success\"}");
        double commits = metric("router_commit_seconds_count");
        double batches = metric("router_batch_size_count");
        double refusals = metric("router_errors_total{kind=\"REJECTED\"}");

        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        simulator.inject(new Fault.CommitFails("nat", "rule 10001: translation requires address and/or port"));
        provision("server-02", "00:11:22:33:44:BB", 151, 35010).then().statusCode(502);
        refreshPools();
        assertEquals(1, metric("pool_used{pool=\"ip\"}"));
        assertEquals(3, metric("pool_used{pool=\"port\"}"));
        assertEquals(1, metric("pool_used{pool=\"rule_block\"}"));
        assertEquals(state.count("SELECT count(*) FROM free_ip"), (long) metric("pool_free{pool=\"ip\"}"));
        given().header("X-API-Key", "test-key").delete("/v1/vms/server-01/decommission").then().statusCode(200);

        assertEquals(provisioned + 1, metric("vmnet_changes_total{action=\"vm.provision\",result=\"success\"}"));
        assertEquals(rejected + 1, metric("vmnet_changes_total{action=\"vm.provision\",result=\"ROUTER_REJECTED\"}"));
        assertEquals(removed + 1, metric("vmnet_changes_total{action=\"vm.decommission\",result=\"success\"}"));
        assertEquals(commits + 3, metric("router_commit_seconds_count"), "provision, refused provision, decommission");
        assertEquals(batches + 3, metric("router_batch_size_count"));
        assertEquals(refusals + 1, metric("router_errors_total{kind=\"REJECTED\"}"));
        for (String name : new String[] {"db_serialization_retries_total", "vm_allocation_seconds_count",
                "reconcile_drift{kind=\"missing\"}", "reconcile_drift{kind=\"unknown\"}", "reconcile_drift{kind=\"different\"}"}) {
            assertTrue(metric(name) >= 0, name);
        }
    }

    private void refreshPools() throws Exception {
        Method refresh = PoolUsage.class.getDeclaredMethod("refresh");
        refresh.setAccessible(true);
        ((io.smallrye.mutiny.Uni<?>) refresh.invoke(poolUsage)).await().indefinitely();
    }

    /** The sample's value, or 0 when it has not been recorded yet. */
    private static double metric(String sample) {
        for (String line : given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        if (sample.startsWith("reconcile_") || sample.startsWith("db_") || sample.startsWith("vm_")) {
            throw new AssertionError("no sample " + sample);
        }
        return 0;
    }
}
