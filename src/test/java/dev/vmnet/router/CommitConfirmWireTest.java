package dev.vmnet.router;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.vmnet.support.Api.provision;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commit-confirm on VyOS 1.5 (docs/vyos-router.md §3.5): the commands and confirm_time go in
 * one JSON body (a raw array would drop confirm_time), the confirmation follows at once, and the
 * config is saved right after, because a revert goes back to the saved config.
 */
@QuarkusTest
@TestProfile(CommitConfirmWireTest.Confirming.class)
class CommitConfirmWireTest {

    public static class Confirming implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vyos.version", "1.5", "vyos.commit-confirm-minutes", "2", "network.nat-rules.end", "10010");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WireMockRouter.class));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectWireMock
    WireMockServer router;

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
        WireMockRouter.stubSuccess(router);
    }

    @Test
    void aCommitArmsTheTimerInTheSameJsonBodyIsConfirmedAtOnceThenSaved() throws Exception {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);

        List<LoggedRequest> calls = router.findAll(postRequestedFor(urlEqualTo("/configure")));
        assertEquals(2, calls.size());
        LoggedRequest commit = calls.get(0);
        assertEquals("application/json", commit.contentTypeHeader().mimeTypePart());
        var body = JSON.readTree(commit.getBodyAsString());
        assertEquals(List.of("key", "commands", "confirm_time"), iterable(body.fieldNames()));
        assertEquals(WireMockRouter.KEY, body.get("key").asText());
        assertEquals(2, body.get("confirm_time").intValue());
        assertEquals(2 + 3 * 6, body.get("commands").size(), "the mapping's two leaves and three rules of six, as in DialectWireTest");
        assertEquals(JSON.readTree("{\"op\":\"set\",\"path\":[\"nat\",\"destination\",\"rule\",\"10003\",\"translation\",\"port\"],"
                + "\"value\":\"443\"}"), body.get("commands").get(19));
        assertEquals(JSON.readTree("{\"key\":\"" + WireMockRouter.KEY + "\",\"op\":\"confirm\"}"),
                JSON.readTree(calls.get(1).getBodyAsString()));
        // saved before the caller was answered: a revert must never lose a confirmed change
        router.verify(1, postRequestedFor(urlEqualTo("/config-file")).withFormParam("data", equalTo("{\"op\":\"save\"}")));
    }

    @Test
    void aConfirmationTheRouterDoesNotTakeLeavesTheStateUnknownWithoutAReadBack() {
        router.stubFor(post(urlEqualTo("/configure")).withRequestBody(containing("\"op\":\"confirm\""))
                .willReturn(WireMockRouter.vyos(500, "{\"success\": false, \"error\": \"An internal error occured. Check the logs for details.\", \"data\": null}")));

        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(503)
                .body("code", Matchers.equalTo("ROUTER_STATE_UNKNOWN"))
                .body("detail", Matchers.equalTo("The router committed the change but did not take its confirmation "
                        + "(VyOS API returned an error: 500 - An internal error occured. Check the logs for details.); "
                        + "it reverts to its saved config within 2 min unless confirmed"));
        router.verify(0, postRequestedFor(urlEqualTo("/retrieve")));
        router.verify(0, postRequestedFor(urlEqualTo("/config-file")));
        assertEquals("provisioning", state.vm("server-01").get("state"), "left for the recovery job to settle");
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
