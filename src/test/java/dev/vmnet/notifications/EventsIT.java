package dev.vmnet.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vmnet.support.PackagedService;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances share one database (the first hosts the simulator): the webhook receiver
 * is down while VMs are provisioned through both, the first instance is killed and started again
 * meanwhile, and once the receiver is up it gets every event exactly once: nothing is lost with a
 * process, and two replicas never both send one delivery.
 */
class EventsIT {

    private static final String DB = "vmnet_events_it";
    private static final String KEY = "events-key";
    private static final String ROUTER_KEY = "events-router-key";
    private static final int VMS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final List<Process> instances = new ArrayList<>();
    private static final List<String> urls = new ArrayList<>();
    private static final List<Map<String, String>> envs = new ArrayList<>();
    private static Path dir;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        PackagedService.sql("postgres", "DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)", "CREATE DATABASE " + DB);
        dir = Files.createDirectories(Path.of("target", "events-it"));
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        int simulatorPort = PackagedService.freePort();
        for (int i = 0; i < 2; i++) {
            int port = PackagedService.freePort();
            urls.add("http://127.0.0.1:" + port);
            Map<String, String> env = new HashMap<>();
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + DB);
            env.put("VYOS_API_KEYS", KEY);
            // both replicas must open what the other sealed
            env.put("SECRETS_MASTER_KEY", Base64.getEncoder().encodeToString(masterKey));
            env.put("INTEGRATIONS_ALLOW_PRIVATE_TARGETS", "true");
            env.put("EVENTS_RETRY_BACKOFF", "200ms");
            env.put("EVENTS_RETRY_MAX_BACKOFF", "1s");
            env.put("EVENTS_MAX_ATTEMPTS", "1000");
            if (i == 0) {
                env.put("SIMULATOR_ENABLED", "true");
                env.put("SIMULATOR_PORT", String.valueOf(simulatorPort));
                env.put("SIMULATOR_API_KEY", ROUTER_KEY);
            } else {
                env.put("VYOS_URL", "http://127.0.0.1:" + simulatorPort);
                env.put("VYOS_API_KEY", ROUTER_KEY);
            }
            envs.add(env);
            instances.add(PackagedService.start(dir, "instance-" + i + ".log", env));
            // the second reaches the first's simulator: it starts once the first is up
            PackagedService.awaitReady(urls.get(i), instances.get(i), log(i), Instant.now().plusSeconds(90));
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process process : instances) {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void aRestartAndTwoReplicasLoseNothingAndSendNothingTwice() throws Exception {
        // a user whose key the integration belongs to, made with the bootstrap key
        call(0, "POST", "/v1/auth/users/", KEY, "{\"username\": \"ops\", \"password\": \"ops-strongpass\", \"roles\": [\"admin\"]}");
        String opsKey = call(0, "POST", "/v1/admin/api-keys", KEY, "{\"username\": \"ops\"}").get("api_key").asText();
        int receiverPort = PackagedService.freePort();
        call(1, "POST", "/v1/integrations/", opsKey, "{\"name\": \"hook\", \"target\": \"http://127.0.0.1:" + receiverPort
                + "/\", \"config\": {\"events\": [\"vm.create\"]}}");

        for (int i = 0; i < VMS; i++) {
            call(i % 2, "POST", "/v1/vms/provision", KEY, "{\"vm_name\": \"vm-%02d\", \"mac_address\": \"02:00:00:00:00:%02x\"}"
                    .formatted(i, i));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> PackagedService.count(DB,
                "SELECT count(*) FROM delivery WHERE status = 'pending' AND attempts >= 1") == VMS);

        // the first instance dies without a shutdown and comes back
        instances.get(0).destroyForcibly().waitFor();
        instances.set(0, PackagedService.start(dir, "instance-0.log", envs.get(0)));
        PackagedService.awaitReady(urls.get(0), instances.get(0), log(0), Instant.now().plusSeconds(90));

        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.computeIfAbsent(exchange.getRequestHeaders().getFirst("webhook-id"), id -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> PackagedService.count(DB,
                    "SELECT count(*) FROM delivery WHERE status = 'delivered'") == VMS);
            Thread.sleep(2000); // room for a repeat, should one come
            assertEquals(VMS, received.size(), "every event arrived");
            received.forEach((id, times) -> assertEquals(1, times.get(), "event " + id + " arrived once"));
            assertEquals(VMS, PackagedService.count(DB, "SELECT count(DISTINCT e.id) FROM delivery d JOIN event e ON e.seq = d.event_seq"
                    + " WHERE e.id::text IN ('" + String.join("','", received.keySet()) + "')"));
        } finally {
            receiver.stop(0);
        }
    }

    private static String log(int i) {
        return "target/events-it/instance-" + i + ".log";
    }

    private static JsonNode call(int instance, String method, String path, String key, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(urls.get(instance) + path))
                .header("X-API-Key", key).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), method + " " + path + ": " + response.body());
        return JSON.readTree(response.body());
    }
}
