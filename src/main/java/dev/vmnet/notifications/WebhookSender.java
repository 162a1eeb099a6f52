package dev.vmnet.notifications;

import dev.vmnet.common.ApiException;
import dev.vmnet.events.EventsConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * POSTs an event to a webhook, signed the Standard Webhooks way. It connects to the address
 * {@link TargetGuard} checked, never follows a redirect and gives up after events.delivery-timeout.
 */
@ApplicationScoped
public class WebhookSender {

    private final TargetGuard guard;
    private final EventsConfig config;
    private final HttpClient client;

    public WebhookSender(Vertx vertx, TargetGuard guard, EventsConfig config) {
        this.guard = guard;
        this.config = config;
        int timeout = (int) config.deliveryTimeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout).setMaxPoolSize(16)
                .setKeepAlive(false));
    }

    /** Sends {@code body} (the event, {@code id} its id) to {@code target}; fails with a {@link SendFailure}. */
    public Uni<Void> send(String target, String id, String body, String secret, Map<String, String> headers) {
        long timestamp = Instant.now().getEpochSecond();
        return guard.resolve("target", TargetGuard.parse("target", target))
                .onFailure(ApiException.class).transform(e -> new SendFailure(((ApiException) e).detail(), true))
                .chain(resolved -> {
                    RequestOptions options = new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setAbsoluteURI(resolved.uri().toString())
                            .setServer(SocketAddress.inetSocketAddress(resolved.port(), resolved.address().getHostAddress()))
                            .setFollowRedirects(false)
                            .setIdleTimeout(config.deliveryTimeout().toMillis());
                    headers.forEach(options::putHeader);
                    options.putHeader("content-type", "application/json")
                            .putHeader("user-agent", "vmnet-events")
                            .putHeader("webhook-id", id)
                            .putHeader("webhook-timestamp", Long.toString(timestamp))
                            .putHeader("webhook-signature", WebhookSignature.sign(secret, id, timestamp, body));
                    return client.request(options)
                            .chain(request -> request.send(Buffer.buffer(body)))
                            .chain(response -> response.body().map(ignored -> response.statusCode()))
                            .ifNoItem().after(config.deliveryTimeout()).failWith(() -> new SendFailure(
                                    "no answer within " + config.deliveryTimeout().toSeconds() + "s", false))
                            .onFailure(failure -> !(failure instanceof SendFailure))
                            .transform(failure -> new SendFailure("could not reach " + resolved.uri().getHost() + ": "
                                    + failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : " " + failure.getMessage()), false))
                            .map(status -> {
                                if (status >= 200 && status < 300) {
                                    return null;
                                }
                                if (status >= 300 && status < 400) {
                                    throw new SendFailure("HTTP " + status + ": redirects are not followed", true);
                                }
                                boolean retry = status >= 500 || status == 408 || status == 429;
                                throw new SendFailure("HTTP " + status, !retry);
                            });
                })
                .replaceWithVoid();
    }

    /** Headers an integration may not set: the signature's, and what the HTTP client itself decides. */
    public static boolean reserved(String header) {
        String name = header.toLowerCase();
        return name.startsWith("webhook-") || name.equals("host") || name.equals("content-length") || name.equals("content-type")
                || name.equals("transfer-encoding") || name.equals("connection") || name.equals("user-agent");
    }
}
