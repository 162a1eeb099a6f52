package dev.vmnet.notifications;

import static dev.vmnet.notifications.Subscribers.integration;
import static dev.vmnet.support.Credentials.user;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import dev.vmnet.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A user's rules and integrations carry only events about what that user may read; an admin's carry all. */
@QuarkusTest
class OwnershipTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    NetworkState state;

    WebhookReceiver bobs;
    WebhookReceiver carols;
    WebhookReceiver alices;

    @BeforeEach
    void reset() {
        state.reset();
        bobs = WebhookReceiver.start();
        carols = WebhookReceiver.start();
        alices = WebhookReceiver.start();
    }

    @AfterEach
    void close() {
        bobs.close();
        carols.close();
        alices.close();
    }

    @Test
    void usersHearOfTheirOwnChangesAndAdminsOfAll() {
        RequestSpecification alice = user("alice", "admin");
        RequestSpecification bob = user("bob", "user");
        RequestSpecification carol = user("carol", "user");
        integration(alice, "all", alices.url("/"), "{\"events\": [\"vm.*\", \"api_key.*\"]}");
        integration(bob, "mine", bobs.url("/"), "{}");
        integration(carol, "mine", carols.url("/"), "{}");
        bob.body("{\"event_type\": \"*\", \"resource_type\": \"*\", \"delivery_method\": \"webhook\", \"target\": \"%s\"}"
                .formatted(bobs.url("/rule"))).post("/v1/notifications/rules/").then().statusCode(201);

        Credentials.as("bob").body("{\"vm_name\": \"bob-vm\", \"mac_address\": \"52:54:00:00:00:0b\"}").post("/v1/vms/provision")
                .then().statusCode(201);
        Credentials.as("carol").body("{\"vm_name\": \"carol-vm\", \"mac_address\": \"52:54:00:00:00:0c\"}").post("/v1/vms/provision")
                .then().statusCode(201);
        Credentials.as("carol").body("{\"description\": \"carol's\"}").post("/v1/auth/users/me/api-keys/").then().statusCode(201);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> alices.received.size() == 3 && carols.received.size() == 2
                && bobs.received.size() == 2);
        assertEquals(new TreeSet<>(List.of("vm.create bob-vm", "vm.create carol-vm", "api_key.create")), events(alices));
        assertEquals(new TreeSet<>(List.of("vm.create bob-vm")), events(bobs));
        assertEquals(new TreeSet<>(List.of("vm.create carol-vm", "api_key.create")), events(carols));

        // and each sees its own subscriptions and history only
        long carolsIntegration = state.count("SELECT i.id FROM integration i JOIN app_user u ON u.id = i.user_id WHERE u.username = 'carol'");
        bob.get("/v1/integrations/").then().statusCode(200).body("size()", equalTo(1)).body("[0].name", equalTo("mine"));
        bob.get("/v1/integrations/" + carolsIntegration).then().statusCode(404).body("code", equalTo("INTEGRATION_NOT_FOUND"));
        bob.delete("/v1/integrations/" + carolsIntegration).then().statusCode(404);
        bob.get("/v1/notifications/history/").then().statusCode(200).body("size()", equalTo(2));
        carol.get("/v1/notifications/rules/").then().statusCode(200).body("size()", equalTo(0));
        alice.get("/v1/integrations/").then().statusCode(200).body("size()", equalTo(3));
        alice.get("/v1/notifications/history/").then().statusCode(200).body("size()", equalTo(7));

        // only an admin makes a rule for another user
        long carolsId = state.count("SELECT id FROM app_user WHERE username = 'carol'");
        bob.body("{\"user_id\": %d, \"event_type\": \"*\", \"resource_type\": \"*\", \"delivery_method\": \"webhook\", \"target\": \"%s\"}"
                .formatted(carolsId, bobs.url("/spy"))).post("/v1/notifications/rules/").then().statusCode(403);
        alice.body("{\"user_id\": %d, \"event_type\": \"*\", \"resource_type\": \"vm\", \"delivery_method\": \"webhook\", \"target\": \"%s\"}"
                .formatted(carolsId, carols.url("/by-admin"))).post("/v1/notifications/rules/").then().statusCode(201)
                .body("user_id", equalTo((int) carolsId));
        carol.get("/v1/notifications/rules/").then().statusCode(200).body("size()", equalTo(1));
    }

    private static TreeSet<String> events(WebhookReceiver receiver) {
        TreeSet<String> events = new TreeSet<>();
        receiver.received.forEach(hook -> {
            try {
                var event = JSON.readTree(hook.body());
                events.add(event.get("type").asText() + (event.get("resource_type").asText().equals("vm")
                        ? " " + event.get("resource_id").asText() : ""));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return events;
    }
}
