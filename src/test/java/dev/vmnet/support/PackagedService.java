package dev.vmnet.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The packaged service (target/quarkus-app) run as a process, as the integration tests run replicas of it, and their database. */
public final class PackagedService {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PackagedService() {}

    /** Starts an instance in {@code dir} with {@code env} (and none of the caller's QUARKUS_ or VYOS_ variables), logging to {@code log}. */
    public static Process start(Path dir, String log, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("VYOS_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits until {@code url} is ready, failing when the process dies or {@code deadline} passes. */
    public static void awaitReady(String url, Process process, String log, Instant deadline) throws InterruptedException {
        while (!ready(url)) {
            assertTrue(process.isAlive(), "the instance at " + url + " died; see " + log);
            assertTrue(Instant.now().isBefore(deadline), "the instance at " + url + " was not ready in time; see " + log);
            Thread.sleep(250);
        }
    }

    private static boolean ready(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long count(String database, String query) throws SQLException {
        try (Connection connection = connect(database); ResultSet rows = connection.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    public static void sql(String database, String... statements) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String each : statements) {
                statement.execute(each);
            }
        }
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
    }
}
