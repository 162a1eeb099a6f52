package dev.vmnet.router.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.parsing.Parser;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's HTTP surface speaks the VyOS API wire protocol (docs/vyos-router.md §1). */
@QuarkusTest
class SimulatorHttpTest {

    @Inject
    VyosSimulator simulator;

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    RequestSpecification router() {
        return given().baseUri(simulator.baseUri().toString()).port(simulator.baseUri().getPort());
    }

    @Test
    void answersAreJsonSentAsHtml() {
        router().formParam("key", simulator.apiKey()).formParam("data", "{\"op\": \"exists\", \"path\": [\"nat\"]}")
                .post("/retrieve").then().parser("text/html", Parser.JSON).statusCode(200)
                .contentType("text/html; charset=utf-8")
                .body(equalTo("{\"success\":true,\"data\":false,\"error\":null}"));
    }

    @Test
    void aWrongOrMissingKeyIs401AndMissingDataIs422() {
        router().formParam("key", "nope").formParam("data", "{\"op\": \"exists\", \"path\": []}").post("/retrieve")
                .then().parser("text/html", Parser.JSON).statusCode(401).body(equalTo("{\"success\":false,\"data\":null,\"error\":\"Valid API key is required\"}"));
        router().formParam("data", "{\"op\": \"exists\", \"path\": []}").post("/retrieve").then().parser("text/html", Parser.JSON).statusCode(401);
        router().formParam("key", simulator.apiKey()).post("/configure").then().parser("text/html", Parser.JSON).statusCode(422)
                .body("error", equalTo("Non-empty data field is required"));
    }

    @Test
    void typesAreStrictAndOpsAreChecked() {
        String key = simulator.apiKey();
        router().formParam("key", key).formParam("data", "[{\"op\": \"set\", \"path\": [\"nat\", \"destination\", \"rule\", 1001]}]")
                .post("/configure").then().parser("text/html", Parser.JSON).statusCode(400);
        router().formParam("key", key).formParam("data", "[{\"op\": \"save\", \"path\": [\"nat\"]}]")
                .post("/configure").then().parser("text/html", Parser.JSON).statusCode(400).body("error", equalTo("'save' is not a valid operation"));
        router().formParam("key", key).formParam("data", "[{\"path\": [\"nat\"]}]").post("/configure").then().parser("text/html", Parser.JSON).statusCode(400);
        router().formParam("key", key).formParam("data", "{not json").post("/configure").then().parser("text/html", Parser.JSON).statusCode(400);
        router().formParam("key", key).formParam("data", "[{\"op\": \"set\", \"path\": []}]").post("/configure").then().parser("text/html", Parser.JSON).statusCode(400);
        assertEquals(null, simulator.config(java.util.List.of("nat")), "nothing was applied");
    }

    @Test
    void jsonBodiesWorkTooWithOneCommandOrMany() {
        given().baseUri(simulator.baseUri().toString()).port(simulator.baseUri().getPort()).contentType(ContentType.JSON)
                .body("{\"key\": \"" + simulator.apiKey() + "\", \"commands\": [{\"op\": \"set\", \"path\": "
                        + "[\"system\", \"host-name\"], \"value\": \"edge\"}]}")
                .post("/configure").then().parser("text/html", Parser.JSON).statusCode(200);
        given().baseUri(simulator.baseUri().toString()).port(simulator.baseUri().getPort()).contentType(ContentType.JSON)
                .body("{\"key\": \"" + simulator.apiKey() + "\", \"op\": \"returnValue\", \"path\": [\"system\", \"host-name\"]}")
                .post("/retrieve").then().parser("text/html", Parser.JSON).statusCode(200).body("data", equalTo("edge"));
        given().baseUri(simulator.baseUri().toString()).port(simulator.baseUri().getPort()).contentType(ContentType.JSON)
                .body("{\"op\": \"exists\", \"path\": []}").post("/retrieve").then().parser("text/html", Parser.JSON).statusCode(400);
    }

    @Test
    void whileTheApiIsDownNginxAnswers502Pages() {
        simulator.setDown(true);
        router().formParam("key", simulator.apiKey()).formParam("data", "{\"op\": \"exists\", \"path\": []}")
                .post("/retrieve").then().parser("text/html", Parser.JSON).statusCode(502).body(org.hamcrest.Matchers.containsString("<center>nginx</center>"));
    }

    @Test
    void saveWritesTheBootConfig() {
        router().formParam("key", simulator.apiKey()).formParam("data", "{\"op\": \"save\"}").post("/config-file")
                .then().parser("text/html", Parser.JSON).statusCode(200).body("success", equalTo(true));
        assertEquals(1, simulator.saves());
    }
}
