package dev.vmnet.analytics;

import static dev.vmnet.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Usage and activity: the figures the database holds, an admin's for all, a user's for its own. */
@QuarkusTest
class AnalyticsTest {

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    /** bob, a user: the first user registered becomes an admin, so an admin comes first. */
    private static RequestSpecification bob() {
        Credentials.bootstrap().body("{\"username\": \"ada\", \"password\": \"" + Credentials.password("ada") + "\", \"roles\": [\"admin\"]}")
                .post("/v1/auth/users/").then().statusCode(201);
        Credentials.bootstrap().body("{\"username\": \"bob\", \"password\": \"" + Credentials.password("bob") + "\", \"roles\": [\"user\"]}")
                .post("/v1/auth/users/").then().statusCode(201);
        return RestAssured.given().header("Authorization", "Bearer " + Credentials.login("bob")).contentType(ContentType.JSON);
    }

    @Test
    void usageCountsWhatTheDatabaseHoldsForAdminsAllAndForAUserItsOwn() {
        RequestSpecification bob = bob();
        bob.body("{\"vm_name\": \"bob-vm\", \"mac_address\": \"52:54:00:00:00:0b\"}").post("/v1/vms/provision").then().statusCode(201);
        api().body("{\"vm_name\": \"admin-vm\", \"mac_address\": \"52:54:00:00:00:0a\"}").post("/v1/vms/provision").then().statusCode(201);
        api().body("{\"name\": \"pool1\", \"network\": \"10.77.0.0/24\", \"range_start\": \"10.77.0.100\", \"range_stop\": \"10.77.0.199\","
                + " \"default_router\": \"10.77.0.1\", \"dns_servers\": [\"8.8.8.8\"], \"lease_time\": 86400}")
                .post("/v1/dhcp-pools/").then().statusCode(201);
        api().body("{\"vm_name\": \"pooled\", \"mac_address\": \"52:54:00:00:00:0c\", \"pool\": \"pool1\"}").post("/v1/vms/provision")
                .then().statusCode(201);
        api().body("{\"action\": \"pause\"}").post("/v1/vms/admin-vm/ports/ssh").then().statusCode(200);

        long freeIps = state.count("SELECT count(*) FROM free_ip");
        long freePorts = state.count("SELECT count(*) FROM free_port");
        api().get("/v1/analytics/usage").then().statusCode(200)
                .body("scope", equalTo("all"))
                .body("pools.addresses.used", equalTo(2))
                .body("pools.addresses.free", equalTo((int) freeIps))
                .body("pools.addresses.total", equalTo((int) freeIps + 2))
                .body("pools.ports.used", equalTo(9))
                .body("pools.ports.free", equalTo((int) freePorts))
                .body("pools.rule_blocks.used", equalTo(3))
                // 254 hosts, 100 in the range, 1 the router: 153 static, one taken
                .body("dhcp_pools[0].name", equalTo("pool1"))
                .body("dhcp_pools[0].used", equalTo(1))
                .body("dhcp_pools[0].free", equalTo(152))
                .body("dhcp_pools[0].total", equalTo(153))
                .body("vms.ready", equalTo(3))
                .body("vms.total", equalTo(3))
                .body("ports.paused", equalTo(1))
                .body("ports.enabled", equalTo(8))
                .body("vpns.total", equalTo(0))
                .body("api_keys.total", equalTo(0))
                .body("users.user", equalTo(1))
                .body("users.admin", equalTo(1))
                .body("users.total", equalTo(2));
        bob.get("/v1/analytics/usage").then().statusCode(200)
                .body("scope", equalTo("user:bob"))
                .body("vms.total", equalTo(1))
                .body("ports.enabled", equalTo(3))
                .body("pools.addresses.used", equalTo(2))
                .body("api_keys.total", equalTo(0))
                .body("users", nullValue());
    }

    @Test
    void activityIsTheAuditLogPerBucketWithTopActorsAndFailures() {
        RequestSpecification bob = bob();
        bob.body("{\"vm_name\": \"bob-vm\", \"mac_address\": \"52:54:00:00:00:0b\"}").post("/v1/vms/provision").then().statusCode(201);
        bob.body("{\"vm_name\": \"bob-vm\", \"mac_address\": \"52:54:00:00:00:0f\"}").post("/v1/vms/provision").then().statusCode(409);
        api().body("{\"vm_name\": \"admin-vm\", \"mac_address\": \"52:54:00:00:00:0a\"}").post("/v1/vms/provision").then().statusCode(201);
        api().delete("/v1/vms/admin-vm").then().statusCode(200);
        String now = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1).toString();
        String hourAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString();

        api().queryParam("from", hourAgo).queryParam("to", now).queryParam("bucket", "hour").get("/v1/analytics/activity").then()
                .statusCode(200)
                .body("scope", equalTo("all"))
                .body("bucket", equalTo("hour"))
                .body("total", equalTo(6))
                .body("buckets[0].start", notNullValue())
                .body("buckets.changes.flatten().findAll { it.action == 'vm.provision' && it.result == 'success' }[0].count", equalTo(2))
                .body("buckets.changes.flatten().findAll { it.result == 'VM_EXISTS' }[0].count", equalTo(1))
                .body("top_actors[0].actor", equalTo("bootstrap:1")).body("top_actors[0].count", equalTo(4))
                .body("failures", hasSize(1))
                .body("failures[0].code", equalTo("VM_EXISTS"));
        bob.queryParam("bucket", "hour").get("/v1/analytics/activity").then().statusCode(200)
                .body("scope", equalTo("user:bob"))
                .body("total", equalTo(2))
                .body("top_actors", hasSize(1))
                .body("top_actors[0].actor", equalTo("user:bob"));

        String day = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toString();
        for (String[] bad : new String[][] {{"bucket", "week"}, {"from", "yesterday"}, {"from", now, "to", hourAgo},
                {"from", "2020-01-01T00:00:00Z", "to", day, "bucket", "hour"}}) {
            RequestSpecification request = api();
            for (int i = 0; i < bad.length; i += 2) {
                request.queryParam(bad[i], bad[i + 1]);
            }
            request.get("/v1/analytics/activity").then().statusCode(422);
        }
    }
}
