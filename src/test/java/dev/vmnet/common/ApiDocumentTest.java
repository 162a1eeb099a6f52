package dev.vmnet.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules that let clients generated from the served document read every answer. They hold for
 * every operation, so an endpoint added later without them fails here before it fails a client.
 */
@QuarkusTest
class ApiDocumentTest {

    private static JsonNode document;

    @BeforeEach
    void fetch() throws Exception {
        document = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    }

    @Test
    void everyAnswerDeclaresItsBody() {
        List<String> wrong = new ArrayList<>();
        eachResponse((where, response) -> {
            String status = where.substring(where.lastIndexOf(' ') + 1);
            // the health check's 503 is its own body, which says what is down
            // spec 004's operations (under /api/v1) answer errors in its own envelope
            String expected = status.equals("204") ? "no body"
                    : status.startsWith("2") || where.equals("getHealth 503") ? "application/json with a schema"
                    : where.startsWith("vbox") ? "application/json: #/components/schemas/VBoxError"
                    : Problem.MEDIA_TYPE + ": #/components/schemas/Problem";
            String actual = body(response.path("content"));
            if (!expected.equals(actual)) {
                wrong.add(where + ": " + actual);
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void theAnswersThatCreateKeysAndUsersDeclareThem() {
        assertEquals(Map.of(
                        "createApiKey 201", "APIKeyResponse",
                        "createOwnApiKey 201", "APIKeyResponse",
                        "registerUser 201", "UserResponse",
                        "mcpProvision 201", "McpProvisionResponse",
                        "mcpProvision 200", "McpProvisionResponse",
                        "mcpDecommission 200", "McpDecommissionResponse"),
                bodies(List.of("createApiKey 201", "createOwnApiKey 201", "registerUser 201", "mcpProvision 201",
                        "mcpProvision 200", "mcpDecommission 200")));
    }

    @Test
    void everyOperationMayBeRateLimitedAndEveryProtectedOneRefused() {
        Map<String, String> missing = new TreeMap<>();
        TreeSet<String> open = new TreeSet<>();
        eachOperation((id, operation) -> {
            boolean isOpen = operation.path("security").size() == 1 && operation.path("security").get(0).isEmpty();
            if (isOpen) {
                open.add(id);
            }
            for (String status : isOpen ? List.of("429") : List.of("401", "403", "429")) {
                if (!operation.path("responses").has(status)) {
                    missing.merge(id, status, (a, b) -> a + "," + b);
                }
            }
        });
        assertEquals(Map.of(), missing);
        assertEquals(new TreeSet<>(List.of("getHealth", "login")), open, "the operations that need no credentials");
        assertEquals("#/components/responses/TooManyRequests",
                document.at("/paths/~1v1~1health/get/responses/429/$ref").asText());
        assertEquals("RATE_LIMIT_EXCEEDED; Retry-After says when to retry",
                document.at("/components/responses/TooManyRequests/description").asText());
    }

    @Test
    void freeFormJsonIsAnObjectAndJacksonStaysOut() {
        List<String> jackson = new ArrayList<>();
        document.at("/components/schemas").fieldNames().forEachRemaining(name -> {
            if (name.contains("Node")) {
                jackson.add(name);
            }
        });
        assertEquals(List.of(), jackson);
        assertEquals("{\"type\":\"object\",\"additionalProperties\":true,\"description\":\"Any JSON object\"}",
                document.at("/components/schemas/JsonObject").toString());
        for (String property : List.of("McpProvisionRequest/properties/context", "McpDecommissionRequest/properties/context",
                "McpProvisionResponse/properties/context", "McpDecommissionResponse/properties/context", "McpResource/properties/spec")) {
            assertEquals("#/components/schemas/JsonObject", document.at("/components/schemas/" + property + "/$ref").asText(), property);
        }
    }

    @Test
    void anOperationsKindSaysWhichBodyItsResultHolds() {
        assertEquals("{\"propertyName\":\"kind\",\"mapping\":{"
                        + "\"provision\":\"#/components/schemas/ProvisionOperation\","
                        + "\"port_template\":\"#/components/schemas/PortTemplateOperation\","
                        + "\"port_action\":\"#/components/schemas/PortActionOperation\","
                        + "\"decommission\":\"#/components/schemas/DecommissionOperation\"}}",
                document.at("/components/schemas/Operation/discriminator").toString());
        assertEquals("#/components/schemas/Problem", document.at("/components/schemas/Operation/properties/error/$ref").asText());
        Map<String, String> results = new TreeMap<>();
        for (String kind : List.of("ProvisionOperation", "PortTemplateOperation", "PortActionOperation", "DecommissionOperation")) {
            JsonNode schema = document.at("/components/schemas/" + kind);
            results.put(kind, schema.at("/allOf/0/$ref").asText() + " + " + schema.at("/properties/result/$ref").asText());
        }
        assertEquals(Map.of(
                "ProvisionOperation", "#/components/schemas/Operation + #/components/schemas/ProvisionResponse",
                "PortTemplateOperation", "#/components/schemas/Operation + #/components/schemas/PortActionResponse",
                "PortActionOperation", "#/components/schemas/Operation + #/components/schemas/PortActionResponse",
                "DecommissionOperation", "#/components/schemas/Operation + #/components/schemas/DecommissionResponse"), results);
        assertEquals(Map.of(
                        "provisionVm 202", "ProvisionOperation",
                        "applyPortTemplate 202", "PortTemplateOperation",
                        "applyPortAction 202", "PortActionOperation",
                        "decommissionVm 202", "DecommissionOperation",
                        "deleteVm 202", "DecommissionOperation"),
                bodies(List.of("provisionVm 202", "applyPortTemplate 202", "applyPortAction 202", "decommissionVm 202", "deleteVm 202")));
    }

    @Test
    void everyHeaderAndParameterHasASchema() {
        List<String> wrong = new ArrayList<>();
        eachOperation((id, operation) -> operation.path("parameters").forEach(parameter -> {
            if (!parameter.has("schema")) {
                wrong.add(id + " parameter " + parameter.path("name").asText());
            }
        }));
        eachResponse((where, response) -> response.path("headers").fields().forEachRemaining(header -> {
            if (!header.getValue().has("schema")) {
                wrong.add(where + " header " + header.getKey());
            }
        }));
        assertEquals(List.of(), wrong);
    }

    private static String body(JsonNode content) {
        if (content.isMissingNode()) {
            return "no body";
        }
        if (content.size() == 1 && content.at("/application~1json/schema/$ref").asText().endsWith("/VBoxError")) {
            return "application/json: " + content.at("/application~1json/schema/$ref").asText();
        }
        if (content.size() == 1 && content.path("application/json").has("schema")) {
            return "application/json with a schema";
        }
        if (content.size() == 1 && content.has(Problem.MEDIA_TYPE)) {
            return Problem.MEDIA_TYPE + ": " + content.path(Problem.MEDIA_TYPE).at("/schema/$ref").asText();
        }
        return content.toString();
    }

    /** The body schema of each "operationId status", by component name. */
    private static Map<String, String> bodies(List<String> answers) {
        Map<String, String> bodies = new TreeMap<>();
        eachResponse((where, response) -> {
            if (answers.contains(where)) {
                String ref = response.at("/content/application~1json/schema/$ref").asText();
                bodies.put(where, ref.substring(ref.lastIndexOf('/') + 1));
            }
        });
        return bodies;
    }

    private static void eachOperation(BiConsumer<String, JsonNode> action) {
        document.path("paths").forEach(item -> item.forEach(operation -> action.accept(operation.path("operationId").asText(), operation)));
    }

    /** Each response as "operationId status", with a $ref to a component response resolved. */
    private static void eachResponse(BiConsumer<String, JsonNode> action) {
        eachOperation((id, operation) -> operation.path("responses").fields().forEachRemaining(response -> {
            JsonNode value = response.getValue();
            if (value.has("$ref")) {
                value = document.at(value.path("$ref").asText().substring(1));
            }
            action.accept(id + " " + response.getKey(), value);
        }));
    }
}
