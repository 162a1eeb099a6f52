package dev.vmnet.tasks;

import static dev.vmnet.support.Credentials.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import dev.vmnet.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tasks run once per occurrence however many replicas poll, a missed stretch runs once, and each
 * type does what its owner may: a backup equal to the router's config, a decommission that removes
 * the VM everywhere, nothing to another user's VM.
 */
@QuarkusTest
class ScheduledTaskTest {

    static final Path BACKUPS = Path.of("target/test-backups").toAbsolutePath();

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @Inject
    TaskJobs jobs;

    RequestSpecification alice;
    RequestSpecification bob;

    @BeforeEach
    void reset() {
        state.reset();
        alice = user("alice", "admin");
        bob = user("bob", "user");
    }

    @Test
    void threeReplicasRunEachOccurrenceOnce() throws Exception {
        OffsetDateTime start = OffsetDateTime.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        long id = create(alice, "reconcile", "{\"mode\": \"report\"}", start, "2");
        // two more replicas poll beside the scheduled one, sharing only the database
        AtomicBoolean polling = new AtomicBoolean(true);
        List<CompletableFuture<Void>> replicas = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            replicas.add(CompletableFuture.runAsync(() -> {
                while (polling.get()) {
                    jobs.runDue().await().indefinitely();
                }
            }));
        }
        Thread.sleep(Duration.between(OffsetDateTime.now(), start.plusSeconds(10)).toMillis());
        polling.set(false);
        CompletableFuture.allOf(replicas.toArray(CompletableFuture[]::new)).get();
        state.sql("UPDATE scheduled_task SET next_run_at = NULL WHERE id = " + id); // no more occurrences
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.count("SELECT count(*) FROM task_run WHERE status = 'running'") == 0);

        List<Row> runs = state.rows("SELECT extract(epoch FROM scheduled_for - '" + start + "'::timestamptz)::int AS at, status FROM task_run"
                + " ORDER BY scheduled_for");
        List<Integer> at = runs.stream().map(row -> row.getInteger("at")).toList();
        assertTrue(at.size() >= 5, "occurrences in 10 s: " + at);
        for (int k = 0; k < at.size(); k++) {
            assertEquals(2 * k, at.get(k), "every occurrence, each once: " + at);
            assertEquals("succeeded", runs.get(k).getString("status"));
        }
        assertEquals(at.size(), state.count("SELECT count(*) FROM audit_log WHERE action = 'scheduled_task.run'"), "ran once each");
    }

    @Test
    void occurrencesMissedWhileNoReplicaRanBecomeOneRun() {
        long id = create(alice, "reconcile", "{\"mode\": \"report\"}", OffsetDateTime.now().plusHours(1), "60");
        // as if every replica had been down for an hour: 60 occurrences missed
        state.sql("UPDATE scheduled_task SET schedule_time = now() - interval '3601 seconds', next_run_at = now() - interval '3601 seconds'");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.count("SELECT count(*) FROM task_run WHERE status <> 'running'") == 1);
        jobs.runDue().await().indefinitely();
        assertEquals(1, state.count("SELECT count(*) FROM task_run"));
        Row task = state.rows("SELECT next_run_at > now() AS future, extract(epoch FROM next_run_at - schedule_time)::bigint % 60 AS phase"
                + " FROM scheduled_task WHERE id = " + id).get(0);
        assertTrue(task.getBoolean("future"));
        assertEquals(0L, task.getLong("phase"), "the schedule keeps its phase");
        alice.get("/v1/scheduled-tasks/" + id).then().statusCode(200).body("runs.size()", equalTo(1))
                .body("runs[0].status", equalTo("succeeded")).body("runs[0].detail", startsWith("report: "));
    }

    @Test
    void aBackupFileEqualsWhatTheRouterReports() throws Exception {
        bob.body("{\"vm_name\": \"web-01\", \"mac_address\": \"52:54:00:00:00:01\"}").post("/v1/vms/provision").then().statusCode(201);
        Path dir = BACKUPS.resolve("nightly-" + System.nanoTime());
        long id = create(alice, "backup", "{\"target\": \"file://" + dir + "\"}", OffsetDateTime.now().plusDays(1), "86400");
        alice.post("/v1/scheduled-tasks/" + id + "/run").then().statusCode(200).body("status", equalTo("succeeded"))
                .body("manual", equalTo(true)).body("detail", startsWith("wrote "));

        List<Path> files;
        try (var listing = Files.list(dir)) {
            files = listing.toList();
        }
        assertEquals(1, files.size());
        String name = files.get(0).getFileName().toString();
        assertTrue(name.matches("vyos-127\\.0\\.0\\.1-" + simulator.baseUri().getPort() + "-\\d{8}T\\d{6}\\.\\d{3}Z\\.conf"), name);
        String config = Files.readString(files.get(0));
        assertEquals(routerCommands(), config);
        assertTrue(config.contains("static-mapping web-01 mac") && config.contains("'52:54:00:00:00:01'"), config);
    }

    @Test
    void aBackupGoesToAUrlByPutAndTheUrlsQueryIsNeverShown() {
        try (WebhookReceiver bucket = WebhookReceiver.start()) {
            String url = bucket.url("/bucket/vyos.conf") + "?X-Amz-Signature=abc123secret&X-Amz-Expires=3600";
            long id = create(alice, "backup", "{\"target\": \"" + url + "\"}", OffsetDateTime.now().plusDays(1), null);
            alice.post("/v1/scheduled-tasks/" + id + "/run").then().statusCode(200).body("status", equalTo("succeeded"))
                    .body("detail", equalTo("uploaded " + routerCommands().length() + " bytes to " + bucket.url("/bucket/vyos.conf")));
            assertEquals(1, bucket.received.size());
            assertEquals("PUT", bucket.received.get(0).method());
            assertEquals("X-Amz-Signature=abc123secret&X-Amz-Expires=3600", bucket.received.get(0).query());
            assertEquals(routerCommands(), bucket.received.get(0).body());
            alice.get("/v1/scheduled-tasks/" + id).then().body("payload.target", equalTo(bucket.url("/bucket/vyos.conf") + "?..."));
            assertEquals(List.of("scheduled_task"), state.tablesContaining("abc123secret"), "only the task row holds the URL");

            bucket.status = 403;
            alice.post("/v1/scheduled-tasks/" + id + "/run").then().statusCode(200).body("status", equalTo("failed"))
                    .body("detail", equalTo("BACKUP_UPLOAD_FAILED: PUT " + bucket.url("/bucket/vyos.conf") + " answered HTTP 403"));
        }
    }

    @Test
    void aBackupTargetStaysInsideTheBackupRoot() throws Exception {
        String[][] refused = {
                {"file:///etc", "TARGET_NOT_ALLOWED"},
                {"file://" + BACKUPS + "/../../etc", "TARGET_NOT_ALLOWED"},
                {"file://" + BACKUPS + "/./x", "TARGET_NOT_ALLOWED"},
                {"file://host" + BACKUPS, "INVALID_TARGET"},
                {"s3://mybucket/backup", "S3_NOT_SUPPORTED"},
                {"ftp://example.com/x", "INVALID_TARGET"},
                {"https://user:pw@example.com/x", "INVALID_TARGET"},
        };
        for (String[] target : refused) {
            alice.body(body("backup", "{\"target\": \"" + target[0] + "\"}", null, null)).post("/v1/scheduled-tasks/")
                    .then().statusCode(422).body("code", equalTo(target[1]));
        }
        bob.body(body("backup", "{\"target\": \"file://" + BACKUPS + "\"}", null, null)).post("/v1/scheduled-tasks/")
                .then().statusCode(403).body("code", equalTo("ADMIN_REQUIRED"));
        // a link inside the root that leads out of it is found when the file is written
        Files.createDirectories(BACKUPS);
        Path link = BACKUPS.resolve("out-" + System.nanoTime());
        Path outside = Files.createTempDirectory("outside-backups");
        Files.createSymbolicLink(link, outside);
        long id = create(alice, "backup", "{\"target\": \"file://" + link + "\"}", OffsetDateTime.now().plusDays(1), null);
        alice.post("/v1/scheduled-tasks/" + id + "/run").then().statusCode(200).body("status", equalTo("failed"))
                .body("detail", startsWith("TARGET_NOT_ALLOWED: "));
        try (var listing = Files.list(outside)) {
            assertEquals(0, listing.count());
        }
        assertEquals(1, state.count("SELECT count(*) FROM scheduled_task"));
    }

    @Test
    void aDecommissionTaskRemovesTheVmFromRouterAndDatabase() {
        bob.body("{\"vm_name\": \"ttl-vm\", \"mac_address\": \"52:54:00:00:00:02\"}").post("/v1/vms/provision").then().statusCode(201);
        long id = create(bob, "decommission", "{\"machine_id\": \"ttl-vm\"}", OffsetDateTime.now().plusSeconds(1), null);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.count("SELECT count(*) FROM task_run WHERE status <> 'running'") == 1);
        bob.get("/v1/scheduled-tasks/" + id).then().statusCode(200).body("next_run_at", nullValue())
                .body("runs[0].status", equalTo("succeeded")).body("runs[0].detail", equalTo("VM ttl-vm and all NAT rules removed"));
        assertNull(state.vm("ttl-vm"));
        assertTrue(state.router().stream().noneMatch(line -> line.contains("ttl-vm")), state.router().toString());
        state.assertConsistent();
        state.assertNoLeaks();
        assertEquals(List.of("user:bob vm.decommission success", "user:bob scheduled_task.run success"), state.rows(
                "SELECT actor || ' ' || action || ' ' || result AS r FROM audit_log WHERE action IN ('vm.decommission', 'scheduled_task.run')"
                + " ORDER BY id").stream().map(row -> row.getString(0)).toList());
        assertEquals(1, state.count("SELECT count(*) FROM event WHERE resource_type = 'scheduled_task' AND event_type = 'run'"
                + " AND result = 'success' AND owner = 'user:bob'"));
    }

    @Test
    void aTaskOnAnotherUsersVmFailsWithoutTouchingIt() {
        RequestSpecification carol = user("carol", "user");
        carol.body("{\"vm_name\": \"carols\", \"mac_address\": \"52:54:00:00:00:03\"}").post("/v1/vms/provision").then().statusCode(201);
        bob.body(body("decommission", "{\"machine_id\": \"carols\"}", null, null)).post("/v1/scheduled-tasks/")
                .then().statusCode(422).body("code", equalTo("UNKNOWN_VM"));

        // the name was bob's when he scheduled the pause; by the time it runs it is carol's
        bob.body("{\"vm_name\": \"shared\", \"mac_address\": \"52:54:00:00:00:04\"}").post("/v1/vms/provision").then().statusCode(201);
        long id = create(bob, "port_action", "{\"machine_id\": \"shared\", \"action\": \"pause\", \"ports\": [\"ssh\"]}",
                OffsetDateTime.now().plusDays(1), "86400");
        bob.delete("/v1/vms/shared").then().statusCode(200);
        carol.body("{\"vm_name\": \"shared\", \"mac_address\": \"52:54:00:00:00:05\"}").post("/v1/vms/provision").then().statusCode(201);
        TreeSet<String> router = state.router();
        int calls = state.configureCalls();

        bob.post("/v1/scheduled-tasks/" + id + "/run").then().statusCode(200).body("status", equalTo("failed"))
                .body("detail", equalTo("VM_NOT_FOUND: VM with machine_id 'shared' not found"));
        assertEquals(router, state.router());
        assertEquals(calls, state.configureCalls(), "no router call");
        carol.get("/v1/status/vms/shared/ports").then().statusCode(200).body("ports.ssh.status", equalTo("enabled"));
    }

    @Test
    void badInputIsRefusedAndStoresNothing() {
        bob.body("{\"vm_name\": \"web-01\", \"mac_address\": \"52:54:00:00:00:01\"}").post("/v1/vms/provision").then().statusCode(201);
        String[][] cases = {
                {body("cleanup", "{}", null, null), "INVALID_TASK_TYPE"},
                {"{\"payload\": {}}", "INVALID_TASK_TYPE"},
                {body("decommission", "{}", null, null), "INVALID_PAYLOAD"},
                {body("decommission", "{\"machine_id\": \"web-01\", \"force\": true}", null, null), "INVALID_PAYLOAD"},
                {body("decommission", "{\"machine_id\": \"bad name;\"}", null, null), "INVALID_PAYLOAD"},
                {body("decommission", "[1]", null, null), "INVALID_FIELD_TYPE"},
                {body("port_action", "{\"machine_id\": \"web-01\", \"action\": \"explode\"}", null, null), "INVALID_PAYLOAD"},
                {body("port_action", "{\"machine_id\": \"web-01\", \"action\": \"pause\", \"ports\": \"ssh\"}", null, null), "INVALID_PAYLOAD"},
                {body("port_action", "{\"machine_id\": \"web-01\", \"action\": \"pause\", \"ports\": [\"telnet\"]}", null, null), "UNKNOWN_PORT"},
                {body("reconcile", "{\"mode\": \"report\"}", null, null), "ADMIN_REQUIRED"},
                {body("decommission", "{\"machine_id\": \"web-01\"}", "\"tomorrow\"", null), "INVALID_SCHEDULE_TIME"},
                {body("decommission", "{\"machine_id\": \"web-01\"}", null, "\"daily\""), "INVALID_RECURRENCE"},
                {body("decommission", "{\"machine_id\": \"web-01\"}", null, "0"), "INVALID_RECURRENCE"},
                {body("decommission", "{\"machine_id\": \"web-01\"}", null, "-5"), "INVALID_RECURRENCE"},
                {body("decommission", "{\"machine_id\": \"web-01\"}", null, "1.5"), "INVALID_RECURRENCE"},
        };
        for (String[] c : cases) {
            int status = c[1].equals("ADMIN_REQUIRED") ? 403 : 422;
            bob.body(c[0]).post("/v1/scheduled-tasks/").then().statusCode(status).body("code", equalTo(c[1]));
        }
        alice.body(body("reconcile", "{\"mode\": \"fix\"}", null, null)).post("/v1/scheduled-tasks/").then().statusCode(422)
                .body("code", equalTo("INVALID_PAYLOAD"));
        Credentials.user("vera", "viewer").body(body("decommission", "{\"machine_id\": \"web-01\"}", null, null))
                .post("/v1/scheduled-tasks/").then().statusCode(403);
        assertEquals(0, state.count("SELECT count(*) FROM scheduled_task"));

        // the spec's example shape, and who sees it
        long id = create(bob, "port_action", "{\"machine_id\": \"web-01\", \"action\": \"pause\"}",
                OffsetDateTime.parse("2030-06-16T12:00:00Z"), "86400");
        bob.get("/v1/scheduled-tasks/" + id).then().statusCode(200).body("recurrence", equalTo("86400"))
                .body("next_run_at", equalTo("2030-06-16T12:00:00Z")).body("task_type", equalTo("port_action"))
                .body("runs.size()", equalTo(0));
        user("carol", "user").get("/v1/scheduled-tasks/" + id).then().statusCode(404).body("code", equalTo("TASK_NOT_FOUND"));
        alice.get("/v1/scheduled-tasks/").then().statusCode(200).body("size()", equalTo(1));
    }

    private String routerCommands() {
        String answer = given().baseUri(simulator.baseUri().toString()).formParam("key", simulator.apiKey())
                .formParam("data", "{\"op\": \"show\", \"path\": [\"configuration\", \"commands\"]}")
                .post("/show").then().statusCode(200).extract().asString();
        return JsonPath.from(answer).getString("data");
    }

    static long create(RequestSpecification as, String type, String payload, OffsetDateTime at, String recurrence) {
        return ((Number) as.body(body(type, payload, "\"" + at + "\"", recurrence == null ? "null" : "\"" + recurrence + "\""))
                .post("/v1/scheduled-tasks/").then().statusCode(201).extract().path("id")).longValue();
    }

    static String body(String type, String payload, String scheduleTime, String recurrence) {
        return "{\"task_type\": \"" + type + "\", \"payload\": " + payload
                + (scheduleTime == null ? "" : ", \"schedule_time\": " + scheduleTime)
                + (recurrence == null ? "" : ", \"recurrence\": " + recurrence) + "}";
    }
}
