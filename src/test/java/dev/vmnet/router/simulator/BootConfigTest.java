package dev.vmnet.router.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.network.Network;
import dev.vmnet.network.NetworkConfig;
import dev.vmnet.router.RouterConfig;
import dev.vmnet.support.LogCapture;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator keeps its boot config in SIMULATOR_CONFIG_FILE as a router keeps config.boot:
 * /config-file save writes it, a new simulator boots from it, /config-file load goes back to it;
 * and it listens on SIMULATOR_HOST only. Simulators built here as the application builds its own.
 */
class BootConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> HOST_NAME = List.of("system", "host-name");

    private final Vertx vertx = Vertx.vertx();
    private final List<VyosSimulator> started = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopAll() {
        started.forEach(VyosSimulator::shutdown);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aSavedConfigIsBackAfterARestartAndAnUnsavedChangeIsNot() throws Exception {
        Path file = dir.resolve("dev-simulator").resolve("config.boot.json");
        VyosSimulator first = start(Map.of("simulator.config-file", file.toString()));
        assertEquals(200, configure(first, hostName("edge"), rule("protocol", "tcp"), rule("destination", "port", "32000"),
                rule("translation", "address", "192.168.64.100"), rule("disable")).statusCode());
        assertEquals("{\"success\":true,\"data\":\"Saving configuration to '/config/config.boot'...\\nDone\\n\",\"error\":null}",
                post(first, "config-file", "{\"op\": \"save\"}").body());
        assertEquals(List.of(file), list(file.getParent()), "written through a temporary file that is moved over it");
        assertEquals(200, configure(first, hostName("unsaved")).statusCode());
        JsonNode saved = first.savedConfig(List.of());
        first.shutdown();

        VyosSimulator second = start(Map.of("simulator.config-file", file.toString()));
        assertEquals(saved, second.config(List.of()), "boots with the saved config");
        assertEquals(saved, second.savedConfig(List.of()), "which is its boot config too");
        assertEquals("edge", second.config(HOST_NAME).asText());
        assertEquals(JSON.readTree("{\"disable\":{},\"destination\":{\"port\":\"32000\"},\"protocol\":\"tcp\","
                + "\"translation\":{\"address\":\"192.168.64.100\"}}"), second.config(List.of("nat", "destination", "rule", "10001")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[]", "{\"version\": \"1.3\", \"config\": {}}",
            "{\"version\": \"1.4\", \"config\": {\"nat\": {\"source-of-trouble\": \"1\"}}}", "directory"})
    void anUnusableFileIsOneWarningAndTheSeedConfig(String content) throws Exception {
        Path file = dir.resolve("config.boot.json");
        if (content.equals("directory")) {
            Files.createDirectories(file);
        } else {
            Files.writeString(file, content);
        }
        JsonNode seed = start(Map.of()).config(List.of());
        try (LogCapture log = LogCapture.of(VyosSimulator.class)) {
            VyosSimulator simulator = start(Map.of("simulator.config-file", file.toString()));

            assertEquals(seed, simulator.config(List.of()));
            assertEquals(seed, simulator.savedConfig(List.of()));
            List<String> warnings = log.lines().stream().filter(line -> line.startsWith("WARN")).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertEquals(true, warnings.get(0).startsWith("WARN VyOS simulator boot config " + file + " is unusable ("),
                    warnings.get(0));
            assertEquals(true, warnings.get(0).endsWith("): starting from the seed config; the next save replaces it"),
                    warnings.get(0));
        }
    }

    @Test
    void noFileNoSavedConfigYetIsTheSeed() throws Exception {
        Path file = dir.resolve("config.boot.json");
        JsonNode seed = start(Map.of()).config(List.of());
        assertEquals(seed, start(Map.of("simulator.config-file", file.toString())).config(List.of()));
        assertEquals(false, Files.exists(file), "nothing is written before a save");
    }

    @Test
    void loadGoesBackToTheBootConfigAndNeedsAFileName() throws Exception {
        VyosSimulator simulator = start(Map.of("simulator.config-file", dir.resolve("config.boot.json").toString()));
        configure(simulator, hostName("saved"));
        assertEquals(200, post(simulator, "config-file", "{\"op\": \"save\", \"file\": null}").statusCode(), "null is no file");
        configure(simulator, hostName("changed"));

        assertEquals("{\"success\":false,\"data\":null,\"error\":\"Missing required field \\\"file\\\"\"}",
                post(simulator, "config-file", "{\"op\": \"load\"}").body());
        assertEquals("changed", simulator.config(HOST_NAME).asText());
        assertEquals("{\"success\":true,\"data\":null,\"error\":null}",
                post(simulator, "config-file", "{\"op\": \"load\", \"file\": \"/config/config.boot\"}").body());
        assertEquals("saved", simulator.config(HOST_NAME).asText());
        assertEquals(400, post(simulator, "config-file", "{\"op\": \"load\", \"file\": \"/config/other.boot\"}").statusCode());
    }

    @Test
    void itListensOnlyWhereItSays() throws Exception {
        assumeTrue(canBind("127.0.0.2"), "needs 127.0.0.2 on the loopback interface (Linux)");
        VyosSimulator simulator = start(Map.of("simulator.host", "127.0.0.2"));
        int port = simulator.baseUri().getPort();

        assertEquals(URI.create("http://127.0.0.2:" + port + "/"), simulator.baseUri());
        assertEquals(200, post(simulator, "retrieve", "{\"op\": \"exists\", \"path\": []}").statusCode());
        try (Socket socket = new Socket()) {
            assertThrows(ConnectException.class, () -> socket.connect(new InetSocketAddress("127.0.0.1", port), 2000),
                    "bound to 127.0.0.2, not to every interface");
        }
    }

    private VyosSimulator start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("simulator.port", "0", "simulator.commit-latency", "0ms"));
        all.putAll(settings);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SimulatorConfig.class).withMapping(RouterConfig.class).withMapping(NetworkConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .withConverter(Duration.class, 100, new DurationConverter()) // "250ms", as Quarkus reads it
                .build();
        VyosSimulator simulator = new VyosSimulator(vertx, config.getConfigMapping(SimulatorConfig.class),
                config.getConfigMapping(RouterConfig.class), new Network(config.getConfigMapping(NetworkConfig.class)));
        simulator.start();
        started.add(simulator);
        return simulator;
    }

    private static String hostName(String name) {
        return set(List.of("system", "host-name", name));
    }

    private static String rule(String... words) {
        List<String> path = new ArrayList<>(List.of("nat", "destination", "rule", "10001"));
        path.addAll(List.of(words));
        return set(path);
    }

    /** {"op": "set", "path": [...], "value": ...}: the last word is the value unless the path ends at a valueless leaf. */
    private static String set(List<String> words) {
        boolean valueless = words.get(words.size() - 1).equals("disable");
        List<String> path = valueless ? words : words.subList(0, words.size() - 1);
        ObjectNode op = JSON.createObjectNode().put("op", "set");
        ArrayNode array = op.putArray("path");
        path.forEach(array::add);
        if (!valueless) {
            op.put("value", words.get(words.size() - 1));
        }
        return op.toString();
    }

    private static HttpResponse<String> configure(VyosSimulator simulator, String... commands) throws Exception {
        return post(simulator, "configure", "{\"commands\": [" + String.join(", ", commands) + "]}");
    }

    /** A JSON request with the simulator's key added. */
    private static HttpResponse<String> post(VyosSimulator simulator, String endpoint, String body) throws Exception {
        String keyed = "{\"key\": \"" + simulator.apiKey() + "\", " + body.substring(1);
        return HTTP.send(HttpRequest.newBuilder(simulator.baseUri().resolve(endpoint)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(keyed)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static boolean canBind(String address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
