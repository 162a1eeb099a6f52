package dev.vmnet.virtualbox;

import static dev.vmnet.support.Credentials.login;
import static dev.vmnet.support.Credentials.user;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmnet.support.NetworkState;
import dev.vmnet.support.StandIn;
import dev.vmnet.support.StreamClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VM state changes reach the WebSocket as vm.state_changed events; a VM's serial console is relayed both ways. */
@QuarkusTest
class VmStreamTest {

    @TestHTTPResource("/api/v1/ws")
    URI http;

    @Inject
    NetworkState state;

    @Inject
    StateWatch watch;

    String bob;
    String token;

    /** No VM (and no console process of one) outlives the class. */
    @AfterAll
    static void powerOffEverything() {
        StandIn.reset();
    }

    @BeforeEach
    void reset() {
        state.reset();
        StandIn.reset();
        user("bob", "user");
        user("carol", "user");
        token = login("bob");
        bob = "Bearer " + token;
    }

    private StreamClient connect(String token) throws Exception {
        StreamClient client = new StreamClient(URI.create(http.toString().replaceFirst("^http", "ws")))
                .send("{\"type\": \"auth\", \"token\": \"" + token + "\"}");
        assertEquals("ok", client.awaitMessage(0).path("status").asText());
        return client;
    }

    private List<String> states(StreamClient client) {
        return client.events().stream().filter(event -> event.path("type").asText().equals("vm.state_changed"))
                .map(event -> event.path("data").path("previous_state").asText() + ">" + event.path("data").path("state").asText()
                        + " by " + event.path("actor").asText())
                .toList();
    }

    @Test
    void stateChangesBecomeEventsWhetherTheServiceOrSomeoneElseMadeThem() throws Exception {
        String id = VirtualBoxApiTest.createVm(bob, "watched-1");
        StreamClient client = connect(token).send("{\"type\": \"subscribe\", \"events\": [\"vm.state_changed\"]}");
        client.awaitMessage(1);

        given().header("Authorization", bob).contentType(ContentType.JSON).post("/api/v1/vms/" + id + "/start").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> states(client).size() == 1);
        JsonNode event = client.events().get(0);
        assertEquals(id, event.path("resource_id").asText());
        assertEquals("watched-1", event.path("data").path("name").asText());

        // an operator pauses it and powers it off beside the service: the poll finds both, one event each
        StandIn.run("controlvm", id, "pause");
        watch.poll().await().atMost(Duration.ofSeconds(10));
        watch.poll().await().atMost(Duration.ofSeconds(10));
        StandIn.run("controlvm", id, "poweroff");
        watch.poll().await().atMost(Duration.ofSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> states(client).size() == 3);
        assertEquals(List.of("poweroff>running by user:bob", "running>paused by system", "paused>poweroff by system"), states(client));
        assertEquals(3, state.count("SELECT count(*) FROM event WHERE event_type = 'state_changed' AND resource_id = '" + id + "'"));

        // another user sees none of bob's VM's events
        StreamClient carol = connect(login("carol")).send("{\"type\": \"subscribe\", \"events\": [\"vm.*\"]}");
        carol.awaitMessage(1);
        given().header("Authorization", bob).contentType(ContentType.JSON).post("/api/v1/vms/" + id + "/start").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> states(client).size() == 4);
        assertEquals(List.of(), states(carol));
        client.close();
        carol.close();
    }

    @Test
    void theConsoleIsRelayedBothWays() throws Exception {
        String id = VirtualBoxApiTest.createVm(bob, "console-1");
        StreamClient client = connect(token).send("{\"type\": \"console_connect\", \"vm_id\": \"console-1\"}");
        JsonNode refused = client.awaitMessage(1);
        assertEquals("error", refused.path("type").asText(), refused.toString());
        assertEquals("vm_not_running", refused.path("code").asText());

        given().header("Authorization", bob).contentType(ContentType.JSON).post("/api/v1/vms/" + id + "/start").then().statusCode(200);
        client.send("{\"type\": \"console_connect\", \"vm_id\": \"console-1\"}");
        JsonNode ok = client.awaitMessage(2);
        assertEquals("console_connect", ok.path("type").asText(), ok.toString());
        assertEquals(id, ok.path("vm_id").asText());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output(client).contains("console-1 login: "));

        // the guest echoes what is typed, and prompts again after a return
        client.send("{\"type\": \"console_input\", \"data\": \"root\\r\"}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output(client).endsWith("console-1 login: root\r\r\nconsole-1 login: "));

        // the guest goes off: the console closes
        given().header("Authorization", bob).contentType(ContentType.JSON).body("{\"force\": true}").post("/api/v1/vms/" + id + "/stop")
                .then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> client.messages.stream().anyMatch(message -> message.path("type").asText().equals("console_closed")));

        // another user cannot open it
        StreamClient carol = connect(login("carol")).send("{\"type\": \"console_connect\", \"vm_id\": \"" + id + "\"}");
        assertEquals("vm_not_found", carol.awaitMessage(1).path("code").asText());
        client.close();
        carol.close();
    }

    private static String output(StreamClient client) {
        return client.messages.stream().filter(message -> message.path("type").asText().equals("console_output"))
                .map(message -> message.path("data").asText()).collect(Collectors.joining());
    }
}
