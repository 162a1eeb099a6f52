package dev.vmnet.tasks;

import dev.vmnet.common.ApiException;
import dev.vmnet.common.Contexts;
import dev.vmnet.notifications.TargetGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes a backup where its task says: a new file in a directory under BACKUP_FILE_ROOT, or a PUT
 * to an http(s) URL on a public address (an S3 pre-signed URL). Answers where it went, never a
 * URL's query, which for a pre-signed URL is its credential.
 */
@ApplicationScoped
public class Backups {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final TasksConfig config;
    private final TargetGuard guard;
    private final HttpClient client;

    public Backups(Vertx vertx, TasksConfig config, TargetGuard guard) {
        this.config = config;
        this.guard = guard;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) config.uploadTimeout().toMillis())
                .setKeepAlive(false));
    }

    /** The file a backup of {@code router} taken at {@code at} gets: vyos-<host>-<port>-<UTC time>.conf. */
    static String fileName(URI router, Instant at) {
        return "vyos-" + router.getHost().replaceAll("[^A-Za-z0-9.-]", "_") + "-" + router.getPort() + "-" + STAMP.format(at) + ".conf";
    }

    public Uni<String> write(String target, URI router, String config) {
        TaskPayloads.Target where = TaskPayloads.target(target, this.config.backupFileRoot());
        byte[] bytes = config.getBytes(StandardCharsets.UTF_8);
        return where.directory() != null ? toFile(where.directory(), fileName(router, Instant.now()), bytes) : put(where.url(), bytes);
    }

    /** Written to a temporary file and moved into place, so that a reader never sees half a backup. */
    private Uni<String> toFile(Path directory, String name, byte[] bytes) {
        return Contexts.onWorker(() -> {
            try {
                Path root = this.config.backupFileRoot().orElseThrow().toAbsolutePath().normalize();
                Files.createDirectories(root);
                Files.createDirectories(directory);
                // a link inside the root may point anywhere: the real directory must be inside the real root
                if (!directory.toRealPath().startsWith(root.toRealPath())) {
                    throw ApiException.unprocessable("TARGET_NOT_ALLOWED", "payload.target leads outside BACKUP_FILE_ROOT through a link");
                }
                Path file = directory.resolve(name);
                Path partial = Files.createTempFile(directory, ".backup-", ".partial");
                Files.write(partial, bytes);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                return "wrote " + bytes.length + " bytes to " + file;
            } catch (IOException e) {
                throw new ApiException(502, "BACKUP_WRITE_FAILED", "the backup could not be written to " + directory + ": " + e.getMessage());
            }
        });
    }

    private Uni<String> put(URI url, byte[] bytes) {
        String shown = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getPath();
        return guard.resolve("payload.target", url).chain(resolved -> {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT).setAbsoluteURI(url.toString())
                    .setServer(SocketAddress.inetSocketAddress(resolved.port(), resolved.address().getHostAddress()))
                    .setFollowRedirects(false).setIdleTimeout(config.uploadTimeout().toMillis())
                    .putHeader("content-type", "text/plain; charset=utf-8");
            return client.request(options).chain(request -> request.send(Buffer.buffer(bytes)))
                    .chain(response -> response.body().map(ignored -> response.statusCode()))
                    .ifNoItem().after(config.uploadTimeout()).failWith(() -> new ApiException(504, "BACKUP_UPLOAD_FAILED",
                            "no answer from " + shown + " within " + config.uploadTimeout().toSeconds() + " s"))
                    .onFailure(e -> !(e instanceof ApiException)).transform(e -> new ApiException(502, "BACKUP_UPLOAD_FAILED",
                            "could not reach " + shown + ": " + e.getClass().getSimpleName()))
                    .map(status -> {
                        if (status < 200 || status >= 300) {
                            throw new ApiException(502, "BACKUP_UPLOAD_FAILED", "PUT " + shown + " answered HTTP " + status);
                        }
                        return "uploaded " + bytes.length + " bytes to " + shown;
                    });
        });
    }
}
