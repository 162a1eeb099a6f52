package dev.vmnet.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A caller whose Accept lists application/problem+json, alone or with others, gets the JSON answer. */
@QuarkusTest
class ProblemJsonAcceptTest {

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void problemJsonAloneStillGetsTheJsonAnswer() {
        given().header("X-API-Key", "test-key").accept(Problem.MEDIA_TYPE).contentType("application/json")
                .body("{\"description\": \"accepts problems\"}")
                .post("/v1/admin/api-keys").then().statusCode(201).contentType("application/json")
                .body("description", equalTo("accepts problems")).body("api_key", startsWith("vmk_"));
        given().header("X-API-Key", "test-key").accept(Problem.MEDIA_TYPE)
                .get("/v1/status/ports").then().statusCode(200).contentType("application/json").body(equalTo("[]"));
    }

    @Test
    void problemJsonWithOthersGetsTheJsonAnswerAndProblemsStayProblems() {
        given().header("X-API-Key", "test-key").accept(Problem.MEDIA_TYPE + ", text/plain;q=0.5")
                .get("/v1/status/ports").then().statusCode(200).contentType("application/json").body(equalTo("[]"));
        given().header("X-API-Key", "test-key").accept(Problem.MEDIA_TYPE)
                .get("/v1/status/vms/ghost/ports").then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("VM_NOT_FOUND"));
        given().header("X-API-Key", "test-key").accept("text/plain")
                .get("/v1/status/ports").then().statusCode(406).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("NOT_ACCEPTABLE"));
    }
}
