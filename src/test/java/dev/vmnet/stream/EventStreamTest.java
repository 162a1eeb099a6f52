package dev.vmnet.stream;

import static dev.vmnet.support.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import dev.vmnet.support.StreamClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live event stream at /v1/ws and /api/v1/ws: auth first, subscriptions filter, events in order, for each client its own. */
@QuarkusTest
@TestProfile(EventStreamTest.ShortAuthTimeout.class)
class EventStreamTest {

    public static class ShortAuthTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("events.stream-auth-timeout", "1s");
        }
    }

    @TestHTTPResource("/v1/ws")
    URI v1;

    @TestHTTPResource("/api/v1/ws")
    URI api;

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    private static URI ws(URI http) {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    private StreamClient authenticated(URI uri, String auth) throws Exception {
        StreamClient client = new StreamClient(ws(uri)).send(auth);
        JsonNode answer = client.awaitMessage(0);
        assertEquals("auth", answer.get("type").asText(), answer.toString());
        assertEquals("ok", answer.get("status").asText());
        return client;
    }

    @Test
    void aBadCredentialIsAnErrorAndTheConnectionIsClosed() throws Exception {
        StreamClient wrongKey = new StreamClient(ws(v1)).send("{\"type\": \"auth\", \"api_key\": \"vmk_" + "A".repeat(43) + "\"}");
        JsonNode error = wrongKey.awaitMessage(0);
        assertEquals("error", error.get("type").asText());
        assertEquals("INVALID_API_KEY", error.get("code").asText());
        assertEquals(1008, wrongKey.closed.get(5, TimeUnit.SECONDS));

        StreamClient badToken = new StreamClient(ws(api)).send("{\"type\": \"auth\", \"token\": \"not.a.jwt\"}");
        assertEquals("INVALID_JWT", badToken.awaitMessage(0).get("code").asText());
        assertEquals(1008, badToken.closed.get(5, TimeUnit.SECONDS));

        StreamClient early = new StreamClient(ws(v1)).send("{\"type\": \"subscribe\", \"events\": [\"*\"]}");
        assertEquals("UNAUTHENTICATED", early.awaitMessage(0).get("code").asText());
        assertEquals(1008, early.closed.get(5, TimeUnit.SECONDS));

        StreamClient silent = new StreamClient(ws(v1));
        assertEquals("AUTH_TIMEOUT", silent.awaitMessage(0).get("code").asText());
        assertEquals(1008, silent.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void subscriptionsFilterAndEventsArriveInOrder() throws Exception {
        StreamClient client = authenticated(v1, "{\"type\": \"auth\", \"api_key\": \"test-key\"}");
        client.send("{\"type\": \"subscribe\", \"events\": [\"bogus\"]}");
        assertEquals("INVALID_EVENTS", client.awaitMessage(1).get("code").asText());
        client.send("{\"type\": \"subscribe\", \"events\": [\"vm.create\", \"dhcp_pool.*\"]}");
        JsonNode subscribed = client.awaitMessage(2);
        assertEquals("subscribe", subscribed.get("type").asText());
        assertEquals("ok", subscribed.get("status").asText());

        for (int i = 0; i < 5; i++) {
            api().body("{\"vm_name\": \"vm-%d\", \"mac_address\": \"52:54:00:00:02:%02x\"}".formatted(i, i)).post("/v1/vms/provision")
                    .then().statusCode(201);
        }
        api().delete("/v1/vms/vm-0").then().statusCode(200);
        api().body("{\"name\": \"pool1\", \"network\": \"10.77.0.0/24\", \"range_start\": \"10.77.0.100\", \"range_stop\": \"10.77.0.200\","
                + " \"default_router\": \"10.77.0.1\", \"dns_servers\": [\"8.8.8.8\"], \"lease_time\": 86400}")
                .post("/v1/dhcp-pools/").then().statusCode(201);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 6);
        assertEquals(List.of("vm.create vm-0", "vm.create vm-1", "vm.create vm-2", "vm.create vm-3", "vm.create vm-4",
                "dhcp_pool.create pool1"), client.events().stream().map(e -> e.get("type").asText() + " " + e.get("resource_id").asText())
                .toList());
        // the order is the outbox's: position order, which is commit order
        List<String> ids = state.rows("SELECT id::text FROM event WHERE (resource_type = 'vm' AND event_type = 'create')"
                + " OR resource_type = 'dhcp_pool' ORDER BY position").stream().map(row -> row.getString(0)).toList();
        assertEquals(ids, client.events().stream().map(e -> e.get("id").asText()).toList());
        client.close();
    }

    @Test
    void twoClientsEachGetWhatTheirCallerMaySee() throws Exception {
        // the first user becomes an admin: bob comes second
        Credentials.bootstrap().body("{\"username\": \"ada\", \"password\": \"" + Credentials.password("ada") + "\", \"roles\": [\"admin\"]}")
                .post("/v1/auth/users/").then().statusCode(201);
        Credentials.bootstrap().body("{\"username\": \"bob\", \"password\": \"" + Credentials.password("bob") + "\", \"roles\": [\"user\"]}")
                .post("/v1/auth/users/").then().statusCode(201);
        String bobs = Credentials.login("bob");
        StreamClient bob = authenticated(api, "{\"type\": \"auth\", \"token\": \"" + bobs + "\"}");
        StreamClient admin = authenticated(v1, "{\"type\": \"auth\", \"api_key\": \"test-key\"}");
        bob.send("{\"type\": \"subscribe\", \"events\": [\"vm.*\"]}");
        admin.send("{\"type\": \"subscribe\", \"events\": [\"vm.*\"]}");
        bob.awaitMessage(1);
        admin.awaitMessage(1);

        IntStream.range(0, 3).forEach(i -> RestAssured.given().header("Authorization", "Bearer " + bobs).contentType(ContentType.JSON)
                .body("{\"vm_name\": \"bob-%d\", \"mac_address\": \"52:54:00:00:03:%02x\"}".formatted(i, i)).post("/v1/vms/provision")
                .then().statusCode(201));
        api().body("{\"vm_name\": \"admins\", \"mac_address\": \"52:54:00:00:04:01\"}").post("/v1/vms/provision").then().statusCode(201);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admin.events().size() == 4 && bob.events().size() == 3);
        Thread.sleep(500);
        assertEquals(List.of("bob-0", "bob-1", "bob-2"), bob.events().stream().map(e -> e.get("resource_id").asText()).toList());
        assertEquals(List.of("bob-0", "bob-1", "bob-2", "admins"), admin.events().stream().map(e -> e.get("resource_id").asText()).toList());
        bob.send("{\"type\": \"ping\"}");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> bob.messages.get(bob.messages.size() - 1).get("type").asText()
                .equals("pong"));
        bob.close();
        admin.close();
    }
}
