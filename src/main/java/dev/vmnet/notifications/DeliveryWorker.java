package dev.vmnet.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.crypto.Secrets;
import dev.vmnet.events.EventsConfig;
import dev.vmnet.secrets.SecretService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Sends the deliveries that are due, on whichever replica claims them first: webhooks signed,
 * mails over SMTP. A failed attempt is retried with exponential back-off (events.retry-backoff,
 * doubling up to events.retry-max-backoff) until events.max-attempts or events.max-age, then the
 * delivery is marked failed; one that cannot succeed (a redirect, a refused target, a 4xx) fails
 * at once.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final int BATCH = 64;
    private static final int CONCURRENCY = 16;

    private final Transactions transactions;
    private final DeliveryRepository deliveries;
    private final WebhookSender webhooks;
    private final MailSender mail;
    private final Secrets secrets;
    private final SecretService secretValues;
    private final ObjectMapper json;
    private final EventsConfig config;
    private final MeterRegistry registry;

    public DeliveryWorker(Transactions transactions, DeliveryRepository deliveries, WebhookSender webhooks, MailSender mail,
            Secrets secrets, SecretService secretValues, ObjectMapper json, EventsConfig config, MeterRegistry registry) {
        this.transactions = transactions;
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.mail = mail;
        this.secrets = secrets;
        this.secretValues = secretValues;
        this.json = json;
        this.config = config;
        this.registry = registry;
    }

    /** Claims and sends one batch of due deliveries; answers how many it claimed. */
    public Uni<Integer> deliverDue() {
        // the lease outlasts the longest attempt, so that no other replica sends it meanwhile
        Duration lease = config.deliveryTimeout().multipliedBy(2).plusSeconds(30);
        return deliveries.claim(transactions.pool(), BATCH, lease).chain(claimed -> Multi.createFrom().iterable(claimed)
                .onItem().transformToUni(this::deliver).merge(CONCURRENCY)
                .collect().asList().replaceWith(claimed.size()));
    }

    private Uni<Void> deliver(DeliveryRepository.Claimed claimed) {
        return Uni.createFrom().deferred(() -> send(claimed)).onItemOrFailure().transformToUni((sent, failure) -> failure != null
                ? settleFailure(claimed, failure)
                : deliveries.delivered(transactions.pool(), claimed.id()).invoke(() -> registry.counter("vmnet.deliveries",
                        "method", claimed.method(), "result", "delivered").increment()));
    }

    private Uni<Void> send(DeliveryRepository.Claimed claimed) {
        if (claimed.ruleId() == null && claimed.integrationId() == null) {
            throw new SendFailure("its rule or integration was deleted", true);
        }
        if (claimed.method().equals("email")) {
            return mail.send(claimed.target(), claimed.event());
        }
        String body;
        try {
            body = json.writeValueAsString(claimed.event());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String context = claimed.ruleId() != null ? "notification_rule:" + claimed.ruleId() : "integration:" + claimed.integrationId();
        String signingSecret = secrets.open(claimed.sealedSecret(), context);
        return headers(claimed).chain(headers -> webhooks.send(claimed.target(), claimed.event().id().toString(), body, signingSecret,
                headers));
    }

    private Uni<Void> settleFailure(DeliveryRepository.Claimed claimed, Throwable failure) {
        String error = failure instanceof SendFailure ? failure.getMessage() : "internal error: " + failure.getClass().getSimpleName();
        boolean permanent = !(failure instanceof SendFailure send) || send.permanent();
        Duration wait = backoff(claimed.attempts());
        boolean exhausted = claimed.attempts() >= config.maxAttempts()
                || OffsetDateTime.now().plus(wait).isAfter(claimed.createdAt().plus(config.maxAge()));
        boolean fail = permanent || exhausted;
        registry.counter("vmnet.deliveries", "method", claimed.method(), "result", fail ? "failed" : "retried").increment();
        // the target's host only: a webhook URL's path may hold a token
        LOG.infof("Delivery %d of event %s by %s to %s failed (attempt %d): %s", claimed.id(), claimed.event().id(), claimed.method(),
                claimed.method().equals("email") ? claimed.target() : URI.create(claimed.target()).getHost(),
                claimed.attempts(), error);
        return fail ? deliveries.failed(transactions.pool(), claimed.id(), error)
                : deliveries.retryAfter(transactions.pool(), claimed.id(), error, wait);
    }

    /**
     * An integration's custom headers, sealed like its secret (a header may carry the receiver's
     * token), with their {{secret:<id>}} references to the owner's secrets filled in; a reference
     * that no longer resolves fails the delivery for good.
     */
    private Uni<Map<String, String>> headers(DeliveryRepository.Claimed claimed) {
        if (claimed.sealedHeaders() == null) {
            return Uni.createFrom().item(Map.of());
        }
        Map<String, String> stored;
        try {
            stored = json.readValue(secrets.open(claimed.sealedHeaders(), "integration:" + claimed.integrationId() + ":headers"),
                    new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("integration " + claimed.integrationId() + " has headers that are not JSON", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        return Multi.createFrom().iterable(stored.entrySet())
                .onItem().transformToUniAndConcatenate(header -> secretValues.expand(claimed.integrationUserId(), header.getValue())
                        .invoke(value -> headers.put(header.getKey(), value)))
                .collect().last()
                .onFailure(ApiException.class).transform(e -> new SendFailure("header " + ((ApiException) e).detail(), true))
                .replaceWith(headers);
    }

    /** Before attempt n+1: retry-backoff × 2^(n-1), at most retry-max-backoff. */
    Duration backoff(int attempts) {
        Duration wait = config.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(config.retryMaxBackoff()) > 0 ? config.retryMaxBackoff() : wait;
    }
}
