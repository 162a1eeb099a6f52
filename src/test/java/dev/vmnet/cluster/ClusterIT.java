package dev.vmnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.support.PackagedService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three instances of the packaged service on different ports share one PostgreSQL database and one
 * router: the first hosts the simulator, the other two reach it over HTTP as a real router. 300
 * provisions spread across them at once must allocate nothing twice, never overlap two /configure
 * calls on the router, and leave the router holding exactly what the database says.
 */
class ClusterIT {

    private static final String DB = "vmnet_it";
    private static final String KEY = "cluster-key";
    private static final String ROUTER_KEY = "cluster-router-key";
    private static final int VMS = 300;
    private static final List<String> MAPPINGS = List.of("service", "dhcp-server", "shared-network-name", "LAN", "subnet",
            "10.80.0.0/20", "static-mapping");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final List<Process> instances = new ArrayList<>();
    private static final List<String> urls = new ArrayList<>();
    private static String router;

    @BeforeAll
    static void startThreeInstances() throws Exception {
        PackagedService.sql("postgres", "DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)", "CREATE DATABASE " + DB);
        Path dir = Files.createDirectories(Path.of("target", "cluster-it"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair jwt = generator.generateKeyPair();
        Path privateKey = Files.writeString(dir.resolve("jwt-private.pem"), pem("PRIVATE KEY", jwt.getPrivate().getEncoded()));
        Path publicKey = Files.writeString(dir.resolve("jwt-public.pem"), pem("PUBLIC KEY", jwt.getPublic().getEncoded()));

        int simulatorPort = PackagedService.freePort();
        router = "http://127.0.0.1:" + simulatorPort;
        for (int i = 0; i < 3; i++) {
            int port = PackagedService.freePort();
            urls.add("http://127.0.0.1:" + port);
            Map<String, String> env = new HashMap<>();
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + DB);
            env.put("VYOS_API_KEYS", KEY);
            env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", privateKey.toAbsolutePath().toString());
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toAbsolutePath().toString());
            env.put("NETWORK_SUBNET", "10.80.0.0/20");
            env.put("NETWORK_IP_RANGE_START", "10.80.0.10");
            env.put("NETWORK_IP_RANGE_END", "10.80.15.250");
            env.put("AUTH_RATE_LIMIT_REQUESTS", "1000000");
            env.put("PROVISIONING_QUEUE_TIMEOUT", "2m");
            if (i == 0) {
                env.put("SIMULATOR_ENABLED", "true");
                env.put("SIMULATOR_PORT", String.valueOf(simulatorPort));
                env.put("SIMULATOR_API_KEY", ROUTER_KEY);
                env.put("SIMULATOR_COMMIT_LATENCY", "100ms");
            } else {
                env.put("VYOS_URL", router);
                env.put("VYOS_API_KEY", ROUTER_KEY);
            }
            // all three start together: their Flyway migrations meet on PostgreSQL's lock
            instances.add(PackagedService.start(dir, "instance-" + i + ".log", env));
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        for (int i = 0; i < 3; i++) {
            PackagedService.awaitReady(urls.get(i), instances.get(i), "target/cluster-it/instance-" + i + ".log", deadline);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        instances.forEach(Process::destroy);
        for (Process process : instances) {
            process.waitFor();
        }
    }

    @Test
    void threeHundredProvisionsAcrossThreeInstancesShareOneWriter() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < VMS; i++) {
            String body = "{\"vm_name\": \"vm-%03d\", \"mac_address\": \"02:00:00:00:%02x:%02x\"}".formatted(i, i / 256, i % 256);
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(urls.get(i % 3) + "/v1/vms/provision"))
                    .header("X-API-Key", KEY).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> ips = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        Set<Integer> ruleBases = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            assertEquals(201, response.statusCode(), response.body());
            JsonNode vm = JSON.readTree(response.body());
            ips.add(vm.get("internal_ip").asText());
            vm.get("external_ports").forEach(port -> ports.add(port.asInt()));
            ruleBases.add(vm.get("nat_rule_base").asInt());
        }
        assertEquals(VMS, ips.size(), "no address given twice");
        assertEquals(3 * VMS, ports.size(), "no external port given twice");
        assertEquals(VMS, ruleBases.size(), "no NAT rule block given twice");

        JsonNode counters = simulator("/simulator/control", JSON.createObjectNode());
        assertEquals(1, counters.get("max_concurrent_configures").asInt(), "the router never saw two /configure at once");
        assertTrue(counters.get("configure_calls").asInt() < VMS, "changes were batched: " + counters);

        assertEquals(VMS, count("SELECT count(*) FROM vm WHERE state = 'ready'"), "every VM is applied");
        assertEquals(database(), routerConfig(), "the router holds exactly what the database says");
        JsonNode drift = get(urls.get(1) + "/v1/status/drift");
        assertTrue(drift.get("in_sync").asBoolean(), drift.toString());

        // and back: every VM decommissioned through the three at once leaves nothing behind
        List<CompletableFuture<HttpResponse<String>>> removals = new ArrayList<>();
        for (int i = 0; i < VMS; i++) {
            removals.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(urls.get((i + 1) % 3) + "/v1/vms/vm-%03d/decommission".formatted(i)))
                    .header("X-API-Key", KEY).timeout(Duration.ofMinutes(2)).DELETE().build(), HttpResponse.BodyHandlers.ofString()));
        }
        removals.forEach(call -> assertEquals(200, call.join().statusCode(), call.join().body()));
        assertEquals(0, count("SELECT count(*) FROM vm"));
        assertEquals(Map.of(), routerConfig());
        assertEquals(1, simulator("/simulator/control", JSON.createObjectNode()).get("max_concurrent_configures").asInt());
    }

    /** Mapping name -> "mac ip", and rule number -> "port->address:port", as the database says. */
    private static Map<String, String> database() throws SQLException {
        Map<String, String> expected = new TreeMap<>();
        try (Connection connection = PackagedService.connect(DB); Statement statement = connection.createStatement()) {
            ResultSet vms = statement.executeQuery("SELECT machine_id, mac_address::text, host(internal_ip) FROM vm");
            while (vms.next()) {
                expected.put(vms.getString(1), vms.getString(2) + " " + vms.getString(3));
            }
            ResultSet rules = statement.executeQuery("SELECT p.nat_rule_number, p.external_port, host(v.internal_ip), p.internal_port"
                    + " FROM vm_port p JOIN vm v ON v.id = p.vm_id WHERE p.status = 'enabled'");
            while (rules.next()) {
                expected.put(rules.getString(1), rules.getInt(2) + "->" + rules.getString(3) + ":" + rules.getInt(4));
            }
        }
        return expected;
    }

    /** The same, read from the router over its API. */
    private static Map<String, String> routerConfig() throws Exception {
        Map<String, String> actual = new TreeMap<>();
        showConfig(MAPPINGS).fields().forEachRemaining(mapping -> actual.put(mapping.getKey(),
                mapping.getValue().path("mac-address").asText() + " " + mapping.getValue().path("ip-address").asText()));
        showConfig(List.of("nat", "destination", "rule")).fields().forEachRemaining(rule -> actual.put(rule.getKey(),
                rule.getValue().path("destination").path("port").asText() + "->"
                        + rule.getValue().path("translation").path("address").asText() + ":"
                        + rule.getValue().path("translation").path("port").asText()));
        return actual;
    }

    private static JsonNode showConfig(List<String> path) throws Exception {
        JsonNode answer = simulatorCall("/retrieve", JSON.createObjectNode().put("op", "showConfig").set("path", JSON.valueToTree(path)));
        return answer.get("success").asBoolean() ? answer.get("data") : JSON.createObjectNode(); // empty path: no data
    }

    private static JsonNode simulator(String path, JsonNode data) throws Exception {
        JsonNode answer = simulatorCall(path, data);
        assertTrue(answer.get("success").asBoolean(), answer.toString());
        return answer.get("data");
    }

    private static JsonNode simulatorCall(String path, JsonNode data) throws Exception {
        String form = "data=" + URLEncoder.encode(data.toString(), StandardCharsets.UTF_8) + "&key=" + ROUTER_KEY;
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(router + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static long count(String query) throws SQLException {
        return PackagedService.count(DB, query);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
