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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A create that fails at any of its steps leaves nothing registered, no disk file and no row. */
@QuarkusTest
class MachineCreationFailureTest {

    @Inject
    NetworkState state;

    String bob;

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
        assertEquals(48000, state.count("SELECT console_port FROM vbox_machine"));
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
