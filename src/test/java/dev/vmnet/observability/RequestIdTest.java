package dev.vmnet.observability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** One id per request: in the X-Request-Id header, in the problem body, and on the request's log lines. */
@QuarkusTest
class RequestIdTest {

    @Test
    void theCallersIdIsKeptAndShownInTheProblem() {
        given().header("X-API-Key", "test-key").header("X-Request-Id", "pipeline-42.step:3")
                .get("/v1/status/vms/ghost/ports").then().statusCode(404)
                .header("X-Request-Id", "pipeline-42.step:3")
                .body("request_id", equalTo("pipeline-42.step:3"));
    }

    @Test
    void withoutOneOrWithAnUnsafeOneAFreshIdIsMade() {
        for (String given : new String[] {null, "two words", "x".repeat(65), "<script>"}) {
            var request = given().header("X-API-Key", "test-key");
            if (given != null) {
                request.header("X-Request-Id", given);
            }
            Response response = request.get("/v1/status/vms/ghost/ports");
            String id = response.header("X-Request-Id");
            assertTrue(id.matches("[0-9a-f-]{36}"), id);
            assertEquals(id, response.jsonPath().getString("request_id"));
        }
    }

    @Test
    void theRequestsLogLinesCarryIt() {
        List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext) {
                    ext.copyMdc(); // as the JSON formatter reads it: on the logging thread
                    records.add(ext);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        try {
            // a refused credential is logged for operators
            given().header("X-API-Key", "vmk_" + "B".repeat(43)).header("X-Request-Id", "trace-log-1")
                    .get("/v1/status/ports").then().statusCode(401).body("request_id", equalTo("trace-log-1"));
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertTrue(records.stream().anyMatch(record -> record.getFormattedMessage().startsWith("Refused /v1/status/ports")
                && "trace-log-1".equals(record.getMdc("request_id"))), "the refusal's log line has the id");
    }
}
