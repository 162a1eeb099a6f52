package dev.vmnet.notifications;

import static dev.vmnet.notifications.Subscribers.integration;
import static dev.vmnet.notifications.Subscribers.signature;
import static dev.vmnet.support.Api.api;
import static dev.vmnet.support.Credentials.user;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.Credentials;
import dev.vmnet.support.Api;
import dev.vmnet.support.NetworkState;
import dev.vmnet.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events leave through integrations as signed webhooks to a real HTTP receiver: exactly the
 * changes that committed, once per target whichever replica sends them, and again after the
 * receiver comes back.
 */
@QuarkusTest
class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @Inject
    EventDispatcher dispatcher;

    @Inject
    DeliveryWorker worker;

    WebhookReceiver receiver;
    RequestSpecification ops;

    @BeforeEach
    void reset() {
        state.reset();
        receiver = WebhookReceiver.start();
        ops = user("ops", "admin");
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void aProvisionReachesTheIntegrationSignedWithItsHeaders() throws Exception {
        String secret = integration(ops, "hook", receiver.url("/hook"), "{\"headers\": {\"X-Env\": \"test\"}, \"events\": [\"vm.*\"]}");
        assertTrue(secret.startsWith("whsec_"));
        Response vm = Api.provision("web-01", "52:54:00:00:00:01", 10, 32000).then().statusCode(201).extract().response();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 1);
        WebhookReceiver.Received hook = receiver.received.get(0);
        JsonNode event = JSON.readTree(hook.body());
        assertEquals("/hook", hook.path());
        assertEquals("application/json", hook.header("content-type"));
        assertEquals("test", hook.header("x-env"));
        assertEquals(event.get("id").asText(), hook.header("webhook-id"));
        long sent = Long.parseLong(hook.header("webhook-timestamp"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - sent) < 60, "webhook-timestamp is now, in seconds");
        assertEquals(signature(secret, hook.header("webhook-id"), hook.header("webhook-timestamp"), hook.body()),
                hook.header("webhook-signature"));

        assertEquals("vm.create", event.get("type").asText());
        assertEquals("vm", event.get("resource_type").asText());
        assertEquals("create", event.get("event_type").asText());
        assertEquals("web-01", event.get("resource_id").asText());
        assertEquals("success", event.get("result").asText());
        assertEquals(vm.path("internal_ip").toString(), event.at("/data/internal_ip").asText());
        assertEquals(vm.path("external_ports.ssh").toString(), event.at("/data/ports/ssh/external_port").asText());
        assertEquals(state.rows("SELECT actor FROM audit_log WHERE action = 'vm.provision'").get(0).getString("actor"),
                event.get("actor").asText());
        assertNotNull(event.get("at").asText());

        ops.get("/v1/notifications/history/").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].status", equalTo("delivered"))
                .body("[0].attempts", equalTo(1))
                .body("[0].event_id", equalTo(event.get("id").asText()))
                .body("[0].event_type", equalTo("vm.create"))
                .body("[0].method", equalTo("webhook"));
        ops.get("/v1/integrations/").then().statusCode(200)
                .body("[0].name", equalTo("hook"))
                .body("[0].config.headers.X-Env", equalTo("********"))
                .body("[0].config.events", equalTo(List.of("vm.*")))
                .body("[0].signing_secret", nullValue());
    }

    @Test
    void aHeaderMayTakeItsValueFromTheOwnersSecret() {
        RequestSpecification bob = user("bob", "user");
        String token = "receiver-token-7731";
        long mine = ((Number) bob.body("{\"name\": \"hook-token\", \"type\": \"token\", \"value\": \"" + token + "\"}")
                .post("/v1/secrets/").then().statusCode(201).extract().path("id")).longValue();
        long opsSecret = ((Number) ops.body("{\"name\": \"other\", \"type\": \"token\", \"value\": \"ops-value\"}")
                .post("/v1/secrets/").then().statusCode(201).extract().path("id")).longValue();
        bob.body("{\"name\": \"theirs\", \"target\": \"%s\", \"config\": {\"headers\": {\"X-T\": \"{{secret:%d}}\"}}}"
                        .formatted(receiver.url("/x"), opsSecret))
                .post("/v1/integrations/").then().statusCode(422).body("code", equalTo("UNKNOWN_SECRET"));
        integration(bob, "hook", receiver.url("/hook"), "{\"headers\": {\"Authorization\": \"Bearer {{secret:%d}}\"}}".formatted(mine));
        Credentials.as("bob").body("{\"vm_name\": \"bob-vm\", \"mac_address\": \"52:54:00:00:00:0b\"}").post("/v1/vms/provision")
                .then().statusCode(201);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 1);
        assertEquals("Bearer " + token, receiver.received.get(0).header("authorization"));
        assertEquals(List.of(), state.tablesContaining(token), "the integration holds the reference, not the value");

        // a reference that no longer resolves fails the delivery at once, and says why
        bob.body("{\"is_active\": false}").put("/v1/secrets/" + mine).then().statusCode(200);
        Credentials.as("bob").delete("/v1/vms/bob-vm").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.count("SELECT count(*) FROM delivery WHERE status = 'failed'") == 1);
        assertEquals("header secret " + mine + " is deleted, inactive or not the integration owner's",
                state.rows("SELECT last_error FROM delivery WHERE status = 'failed'").get(0).getString(0));
        assertEquals(1, receiver.received.size());
    }

    @Test
    void theSpecsFlatConfigIsTakenAsHeadersAndEveryVisibleEventIsSent() {
        integration(ops, "webhook1", receiver.url("/all"), "{\"header\": \"value\"}");
        api().body("{\"name\": \"pool1\", \"network\": \"10.77.0.0/24\", \"range_start\": \"10.77.0.100\", \"range_stop\": \"10.77.0.200\","
                + " \"default_router\": \"10.77.0.1\", \"dns_servers\": [\"8.8.8.8\"], \"lease_time\": 86400}")
                .post("/v1/dhcp-pools/").then().statusCode(201);
        api().delete("/v1/dhcp-pools/pool1").then().statusCode(204);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> types(receiver).containsAll(List.of("dhcp_pool.create",
                "dhcp_pool.delete")));
        assertEquals("value", receiver.received.get(0).header("header"));
    }

    @Test
    void badIntegrationsAreRefusedAndNothingIsStored() {
        for (String[] bad : new String[][] {
                {"{\"headers\": {\"webhook-signature\": \"v1,forged\"}}", "RESERVED_HEADER"},
                {"{\"headers\": {\"Host\": \"internal\"}}", "RESERVED_HEADER"},
                {"{\"headers\": {\"Content-Length\": \"1\"}}", "RESERVED_HEADER"},
                {"{\"headers\": {\"X-Evil\": \"a\\r\\nInjected: b\"}}", "INVALID_HEADERS"},
                {"{\"headers\": {\"bad name\": \"a\"}}", "INVALID_HEADERS"},
                {"{\"headers\": {\"X-Num\": 5}}", "INVALID_HEADERS"},
                {"{\"events\": [\"bogus\"]}", "INVALID_EVENTS"},
                {"{\"events\": \"vm.*\"}", "INVALID_EVENTS"}}) {
            ops.body("{\"name\": \"hook\", \"type\": \"webhook\", \"target\": \"%s\", \"config\": %s}".formatted(receiver.url("/"), bad[0]))
                    .post("/v1/integrations/").then().statusCode(422).body("code", equalTo(bad[1]));
        }
        for (String[] bad : new String[][] {
                {"ftp://example.com/hook", "INVALID_TARGET"}, {"not a url", "INVALID_TARGET"},
                {"http://user:pass@example.com/", "INVALID_TARGET"}, {"http:///nohost", "INVALID_TARGET"},
                {"http://no-such-host.invalid/", "TARGET_UNRESOLVABLE"}}) {
            ops.body("{\"name\": \"hook\", \"target\": \"%s\"}".formatted(bad[0])).post("/v1/integrations/").then().statusCode(422)
                    .body("code", equalTo(bad[1]));
        }
        ops.body("{\"name\": \"bad name!\", \"target\": \"%s\"}".formatted(receiver.url("/"))).post("/v1/integrations/").then()
                .statusCode(422).body("code", equalTo("INVALID_NAME"));
        ops.body("{\"name\": \"hook\", \"type\": \"email\", \"target\": \"%s\"}".formatted(receiver.url("/"))).post("/v1/integrations/")
                .then().statusCode(422).body("code", equalTo("INVALID_TYPE"));
        api().body("{\"name\": \"hook\", \"target\": \"%s\"}".formatted(receiver.url("/"))).post("/v1/integrations/").then()
                .statusCode(422).body("code", equalTo("USER_REQUIRED"));
        assertEquals(0, state.count("SELECT count(*) FROM integration"));

        integration(ops, "hook", receiver.url("/"), "{}");
        ops.body("{\"name\": \"hook\", \"target\": \"%s\"}".formatted(receiver.url("/"))).post("/v1/integrations/").then()
                .statusCode(409).body("code", equalTo("INTEGRATION_EXISTS"));
    }

    @Test
    void aChangeThatRollsBackEmitsNothingButItsFailure() {
        integration(ops, "hook", receiver.url("/"), "{}");
        simulator.inject(new Fault.CommitFails("service dhcp-server", "Configuration error"));
        Api.provision("web-01", "52:54:00:00:00:01", 10, 32000).then().statusCode(502).body("code", equalTo("ROUTER_REJECTED"));
        Api.provision("web-02", "52:54:00:00:00:02", 11, 32010).then().statusCode(201);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 2);
        assertEquals(new TreeSet<>(List.of("vm.failure", "vm.create")), new TreeSet<>(types(receiver)));
        assertEquals(0, state.count("SELECT count(*) FROM event WHERE event_type = 'create' AND resource_id = 'web-01'"));
        JsonNode failure = receiver.received.stream().map(WebhookDeliveryTest::body)
                .filter(event -> event.get("type").asText().equals("vm.failure")).findFirst().orElseThrow();
        assertEquals("web-01", failure.get("resource_id").asText());
        assertEquals("ROUTER_REJECTED", failure.get("result").asText());
        assertEquals("vm.provision", failure.at("/data/action").asText());
    }

    @Test
    void aReceiverThatIsDownGetsTheEventOnceItIsBack() {
        integration(ops, "hook", receiver.url("/"), "{\"events\": [\"vm.create\"]}");
        receiver.stop();
        Api.provision("web-01", "52:54:00:00:00:01", 10, 32000).then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.count(
                "SELECT count(*) FROM delivery WHERE status = 'pending' AND attempts >= 2 AND last_error LIKE 'could not reach 127.0.0.1%'") == 1);

        receiver.restart();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received.size() == 1);
        assertEquals("vm.create", types(receiver).get(0));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> state.count(
                "SELECT count(*) FROM delivery WHERE status = 'delivered' AND attempts >= 3") == 1);
    }

    @Test
    void aServerErrorIsRetriedAndAClientErrorFailsAtOnce() {
        integration(ops, "hook", receiver.url("/"), "{\"events\": [\"vm.create\"]}");
        receiver.status = 500;
        Api.provision("web-01", "52:54:00:00:00:01", 10, 32000).then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() >= 2);
        receiver.status = 410;
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.count(
                "SELECT count(*) FROM delivery WHERE status = 'failed' AND last_error = 'HTTP 410'") == 1);
        int attempts = receiver.received.size();
        ops.get("/v1/notifications/history/?status=failed").then().statusCode(200).body("[0].attempts", equalTo(attempts))
                .body("[0].last_error", equalTo("HTTP 410"));
        Credentials.as("ops").get("/v1/notifications/history/?status=bogus").then().statusCode(422).body("code", equalTo("INVALID_STATUS"));
    }

    @Test
    void aRedirectIsNotFollowed() {
        try (WebhookReceiver elsewhere = WebhookReceiver.start()) {
            receiver.status = 302;
            receiver.location = elsewhere.url("/inside");
            integration(ops, "hook", receiver.url("/"), "{\"events\": [\"vm.create\"]}");
            Api.provision("web-01", "52:54:00:00:00:01", 10, 32000).then().statusCode(201);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.count(
                    "SELECT count(*) FROM delivery WHERE status = 'failed' AND attempts = 1"
                            + " AND last_error = 'HTTP 302: redirects are not followed'") == 1);
            assertEquals(1, receiver.received.size());
            assertEquals(0, elsewhere.received.size(), "the redirect's target was never called");
        }
    }

    @Test
    void twoReplicasDeliverEachEventOncePerTarget() throws Exception {
        try (WebhookReceiver second = WebhookReceiver.start()) {
            integration(ops, "first", receiver.url("/"), "{\"events\": [\"vm.create\"]}");
            integration(ops, "second", second.url("/"), "{\"events\": [\"vm.create\"]}");
            ops.body("{\"event_type\": \"create\", \"resource_type\": \"vm\", \"delivery_method\": \"webhook\", \"target\": \"%s\"}"
                    .formatted(second.url("/rule"))).post("/v1/notifications/rules/").then().statusCode(201)
                    .body("signing_secret", startsWith("whsec_"));
            int vms = 20;
            List<CompletableFuture<?>> running = new ArrayList<>();
            for (int i = 0; i < vms; i++) {
                int n = i;
                running.add(CompletableFuture.runAsync(() -> api().body("{\"vm_name\": \"vm-%02d\", \"mac_address\": \"52:54:00:00:01:%02x\"}"
                        .formatted(n, n)).post("/v1/vms/provision").then().statusCode(201)));
            }
            // beside the scheduled jobs, three more "replicas" dispatch and send as fast as they can: the
            // database is all they share, as replicas do
            List<CompletableFuture<?>> replicas = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                replicas.add(CompletableFuture.runAsync(() -> {
                    Instant until = Instant.now().plusSeconds(8);
                    while (Instant.now().isBefore(until)) {
                        dispatcher.dispatch().await().indefinitely();
                        worker.deliverDue().await().indefinitely();
                    }
                }));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get();
            CompletableFuture.allOf(replicas.toArray(CompletableFuture[]::new)).get();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.count(
                    "SELECT count(*) FROM delivery WHERE status = 'delivered'") == 3L * vms);

            Map<String, Long> first = ids(receiver.received);
            Map<String, Long> secondHooks = ids(second.received.stream().filter(r -> r.path().equals("/")).toList());
            Map<String, Long> rule = ids(second.received.stream().filter(r -> r.path().equals("/rule")).toList());
            for (Map<String, Long> target : List.of(first, secondHooks, rule)) {
                assertEquals(vms, target.size(), "every event reached every target");
                assertEquals(Set.of(1L), new TreeSet<>(target.values()), "each exactly once");
            }
            assertEquals(first.keySet(), rule.keySet());
        }
    }

    private static Map<String, Long> ids(List<WebhookReceiver.Received> received) {
        return received.stream().collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
    }

    private static List<String> types(WebhookReceiver receiver) {
        return receiver.received.stream().map(WebhookDeliveryTest::body).map(event -> event.get("type").asText()).toList();
    }

    private static JsonNode body(WebhookReceiver.Received received) {
        try {
            return JSON.readTree(received.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
