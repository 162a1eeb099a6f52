package dev.vmnet.virtualbox;

import static dev.vmnet.support.Credentials.login;
import static dev.vmnet.support.Credentials.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.support.NetworkState;
import dev.vmnet.support.StandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A create that fails at any of its steps leaves nothing registered, no disk file and no row. */
@QuarkusTest
class MachineCreationFailureTest {

    @Inject
    NetworkState state;

    @Inject
    StateWatch watch;

    String bob;

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
        bob = "Bearer " + login("bob");
    }

    @ParameterizedTest
    @ValueSource(strings = {"createvm", "modifyvm", "storagectl", "createmedium", "storageattach"})
    void aFailedStepIsUndone(String step) {
        StandIn.control(Map.of("faults", List.of(Map.of("command", step, "kind", "error", "times", 1))));
        given().header("Authorization", bob).contentType(ContentType.JSON)
                .body("{\"name\": \"half-made\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 1024, \"storage_gb\": 1}")
                .post("/api/v1/vms").then().statusCode(500)
                .body("status", equalTo("error")).body("error.code", equalTo("operation_failed"))
                .body("error.details.command", equalTo(step)).body("error.details.virtualbox", notNullValue());

        assertEquals("", StandIn.run("list", "vms").stdout(), "nothing registered after a failed " + step);
        assertEquals("", StandIn.run("list", "hdds").stdout(), "no disk registered after a failed " + step);
        assertEquals(List.of(), StandIn.files(StandIn.HOME.resolve("VirtualBox VMs")).stream()
                .filter(file -> !file.contains("/Logs/")).toList(), "no file left after a failed " + step);
        assertEquals(0, state.count("SELECT count(*) FROM vbox_machine"));

        // the port and the name are free again
        StandIn.control(Map.of());
        given().header("Authorization", bob).contentType(ContentType.JSON)
                .body("{\"name\": \"half-made\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 1024, \"storage_gb\": 1}")
                .post("/api/v1/vms").then().statusCode(201).body("data.name", equalTo("half-made"));
        assertEquals(28000, state.count("SELECT console_port FROM vbox_machine"));
    }

    @Test
    void aCreateWhoseProcessDiedIsRemovedByThePoll() {
        // a replica died after createvm and createmedium: its row is still 'creating' an hour later
        String uuid = "6b3a1d0e-0000-4000-8000-000000000001";
        StandIn.run("createvm", "--name", "orphan", "--ostype", "Ubuntu_64", "--register", "--uuid", uuid);
        state.sql("INSERT INTO vbox_machine (uuid, name, owner, status, console_port, created_at) VALUES ('" + uuid
                + "', 'orphan', 'user:bob', 'creating', 28000, now() - interval '1 hour')");
        // a create in progress (a minute old) is left alone
        state.sql("INSERT INTO vbox_machine (uuid, name, owner, status, console_port, created_at) VALUES ("
                + "'6b3a1d0e-0000-4000-8000-000000000002', 'young', 'user:bob', 'creating', 28001, now() - interval '1 second')");
        watch.poll().await().atMost(Duration.ofSeconds(20));
        assertEquals("", StandIn.run("list", "vms").stdout());
        assertEquals(List.of("young"), state.rows("SELECT name FROM vbox_machine").stream().map(row -> row.getString("name")).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"modifyvm", "storageattach"})
    void aTimedOutStepIsKilledAndUndone(String step) {
        StandIn.control(Map.of("faults", List.of(Map.of("command", step, "kind", "timeout", "times", 1))));
        given().header("Authorization", bob).contentType(ContentType.JSON)
                .body("{\"name\": \"slow-1\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 1024, \"storage_gb\": 1}")
                .post("/api/v1/vms").then().statusCode(504).body("error.code", equalTo("operation_failed"))
                .body("error.details.command", equalTo(step));
        assertEquals("", StandIn.run("list", "vms").stdout());
        assertEquals(List.of(), StandIn.files(Path.of(StandIn.HOME.toString(), "VirtualBox VMs")).stream()
                .filter(file -> !file.contains("/Logs/")).toList());
        assertEquals(0, state.count("SELECT count(*) FROM vbox_machine"));
    }
}
