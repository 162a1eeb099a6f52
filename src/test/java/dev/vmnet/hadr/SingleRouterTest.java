package dev.vmnet.hadr;

import static dev.vmnet.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Without a standby router the service runs as before, and says so. */
@QuarkusTest
class SingleRouterTest {

    @Inject
    NetworkState state;

    @Test
    void withoutAStandbyTheModeIsSingle() {
        state.reset();
        api().body("{\"vm_name\": \"web-01\", \"mac_address\": \"52:54:00:00:00:01\"}").post("/v1/vms/provision").then().statusCode(201);
        api().get("/v1/hadr/status").then().statusCode(200)
                .body("mode", equalTo("single"))
                .body("active", equalTo("primary"))
                .body("routers.size()", equalTo(1))
                .body("routers[0].name", equalTo("primary"))
                .body("routers[0].role", equalTo("active"))
                .body("routers[0].reachable", equalTo(true))
                .body("routers[0].last_commit_at", notNullValue())
                .body("routers[0].lag", equalTo(0));
        assertEquals(0L, state.count("SELECT count(*) FROM standby_log"), "nothing is logged without a standby");
    }
}
