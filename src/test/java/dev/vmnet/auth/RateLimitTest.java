package dev.vmnet.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 5 requests per 10 s per credential: the sixth in a burst is refused until a token is back. */
@QuarkusTest
@TestProfile(RateLimitTest.FivePerThirtySeconds.class)
class RateLimitTest {

    public static class FivePerThirtySeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a token every 6 s: a slow machine still sends the burst well within one
            return Map.of("auth.rate-limit.requests", "5", "auth.rate-limit.period", "30s");
        }
    }

    @Test
    void theSixthRequestInABurstIsRefusedWithTheHeadersUntilATokenIsBack() throws InterruptedException {
        for (int i = 4; i >= 0; i--) {
            long sent = System.currentTimeMillis() / 1000;
            Response ok = given().header("X-API-Key", "test-key").get("/v1/status/ports");
            ok.then().statusCode(200).header("X-RateLimit-Limit", "5").header("X-RateLimit-Remaining", String.valueOf(i));
            long reset = Long.parseLong(ok.header("X-RateLimit-Reset"));
            long answered = System.currentTimeMillis() / 1000;
            assertTrue(reset >= sent && reset <= answered + 31, "reset is in epoch seconds, within the period: " + reset);
        }

        Response refused = given().header("X-API-Key", "test-key").header("X-Request-Id", "burst-6").get("/v1/status/ports");
        refused.then().statusCode(429).contentType("application/problem+json")
                .header("X-RateLimit-Remaining", "0").header("X-RateLimit-Limit", "5");
        assertEquals("{\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"Rate limit exceeded: 5 per 30 seconds\","
                + "\"code\":\"RATE_LIMIT_EXCEEDED\",\"request_id\":\"burst-6\"}", refused.asString());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 6, "a token comes back every 6 s: " + retryAfter);

        // another credential has its own bucket
        given().header("X-API-Key", "second-test-key").get("/v1/status/ports").then().statusCode(200)
                .header("X-RateLimit-Remaining", "4");

        Thread.sleep(retryAfter * 1000 + 100);
        given().header("X-API-Key", "test-key").get("/v1/status/ports").then().statusCode(200);
    }

    @Test
    void guessingKeysIsLimitedPerClientAddress() {
        for (int i = 0; i < 5; i++) {
            given().header("X-API-Key", "vmk_guess-" + i).get("/v1/status/ports").then().statusCode(401)
                    .header("X-RateLimit-Limit", "5").header("X-RateLimit-Remaining", String.valueOf(4 - i));
        }
        given().header("X-API-Key", "vmk_guess-6").get("/v1/status/ports").then().statusCode(429)
                .body("code", equalTo("RATE_LIMIT_EXCEEDED"));
    }
}
