package dev.vmnet.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.audit.AuditLog;
import dev.vmnet.auth.Owners;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.crypto.Secrets;
import dev.vmnet.events.EventPatterns;
import dev.vmnet.identity.Caller;
import dev.vmnet.secrets.SecretService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Notification rules, integrations and the delivery history. Each belongs to a user: the caller
 * unless an admin names another. A user sees and deletes only its own; admins all. A webhook's
 * signing secret is made here, shown once, and sealed; so are an integration's custom headers.
 */
@ApplicationScoped
public class SubscriptionService {

    private static final String EMAIL = "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";
    private static final String HEADER_NAME = "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}";
    /** What a user owns here, for the 403 an owner check answers. */
    private static final String WHAT = "rules and integrations";
    private static final String INTEGRATION_NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";

    private final Transactions transactions;
    private final SubscriptionRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final TargetGuard guard;
    private final MailSender mail;
    private final Secrets secrets;
    private final AuditLog audit;
    private final Owners owners;
    private final SecretService secretValues;
    private final ObjectMapper json = new ObjectMapper();

    public SubscriptionService(Transactions transactions, SubscriptionRepository subscriptions, DeliveryRepository deliveries,
            TargetGuard guard, MailSender mail, Secrets secrets, AuditLog audit, Owners owners,
            SecretService secretValues) {
        this.transactions = transactions;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.guard = guard;
        this.mail = mail;
        this.secrets = secrets;
        this.audit = audit;
        this.owners = owners;
        this.secretValues = secretValues;
    }

    /** A rule or integration just made, with its webhook signing secret (null for email), shown this once. */
    public record Created<T>(T subscription, String signingSecret) {}

    public Uni<Created<NotificationRule>> createRule(Caller caller, Long userId, String eventType, String resourceType, String method,
            String target) {
        EventPatterns.validateName("event_type", eventType);
        EventPatterns.validateName("resource_type", resourceType);
        if (!"email".equals(method) && !"webhook".equals(method)) {
            throw ApiException.unprocessable("INVALID_DELIVERY_METHOD", "delivery_method must be email or webhook");
        }
        Uni<Void> checked;
        if (method.equals("email")) {
            if (target == null || target.length() > 254 || !target.matches(EMAIL)) {
                throw ApiException.unprocessable("INVALID_TARGET", "target must be a mail address for delivery_method email");
            }
            if (!mail.configured()) {
                throw new ApiException(503, "MAIL_NOT_CONFIGURED", "Email rules need an SMTP server: set MAIL_HOST");
            }
            checked = Uni.createFrom().voidItem();
        } else {
            secrets.require();
            checked = guard.resolve("target", TargetGuard.parse("target", target)).replaceWithVoid();
        }
        String secret = method.equals("webhook") ? WebhookSignature.newSecret() : null;
        return checked.chain(() -> owners.forNew(caller, userId, WHAT)).chain(owner -> audit.record(caller, "notification_rule.create",
                "user:" + owner.username(), transactions.readCommitted(connection -> subscriptions.nextId(connection, "notification_rule")
                        .chain(id -> subscriptions.insertRule(connection, id, owner.id(), eventType, resourceType, method, target,
                                secret == null ? null : secrets.seal(secret, "notification_rule:" + id), caller.actor()))),
                rule -> "rule:" + rule.id())).map(rule -> new Created<>(rule, secret));
    }

    public Uni<List<NotificationRule>> rules(Caller caller, long beforeId, int limit) {
        return owners.visibleTo(caller).chain(userId -> Owners.NOBODY.equals(userId) ? Uni.createFrom().item(List.<NotificationRule>of())
                : subscriptions.rules(transactions.pool(), userId, beforeId, limit));
    }

    public Uni<NotificationRule> rule(Caller caller, long id) {
        return owners.visibleTo(caller).chain(userId -> subscriptions.rule(transactions.pool(), id).map(rule -> {
            if (rule == null || userId != null && rule.userId() != userId) {
                throw ApiException.notFound("RULE_NOT_FOUND", "Notification rule " + id + " not found");
            }
            return rule;
        }));
    }

    public Uni<Void> deleteRule(Caller caller, long id) {
        return rule(caller, id).chain(rule -> audit.record(caller, "notification_rule.delete", "rule:" + id,
                subscriptions.deleteRule(transactions.pool(), id))).replaceWithVoid();
    }

    public Uni<Created<Integration>> createIntegration(Caller caller, Long userId, String name, String type, String target,
            Boolean active, Map<String, String> headers, List<String> events) {
        if (name == null || !name.matches(INTEGRATION_NAME)) {
            throw ApiException.unprocessable("INVALID_NAME", "name must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (type != null && !type.equals("webhook")) {
            throw ApiException.unprocessable("INVALID_TYPE", "type must be webhook");
        }
        Map<String, String> checkedHeaders = headers(headers);
        List<String> patterns = events == null ? null : EventPatterns.validate("config.events", events);
        secrets.require();
        String secret = WebhookSignature.newSecret();
        Set<Long> referenced = new TreeSet<>();
        checkedHeaders.values().forEach(value -> referenced.addAll(SecretService.references(value)));
        return guard.resolve("target", TargetGuard.parse("target", target)).chain(() -> owners.forNew(caller, userId, WHAT))
                .call(owner -> secretValues.allOwnedBy(owner.id(), referenced).invoke(owned -> {
                    if (!owned) {
                        throw ApiException.unprocessable("UNKNOWN_SECRET", "config.headers refers to " + referenced
                                + " with {{secret:<id>}}: each must be a secret of user " + owner.username());
                    }
                }))
                .chain(owner -> audit.record(caller, "integration.create", "user:" + owner.username(), transactions.readCommitted(
                                connection -> subscriptions.nextId(connection, "integration").chain(id -> subscriptions.insertIntegration(
                                        connection, id, owner.id(), name, target, active == null || active,
                                        secrets.seal(write(checkedHeaders), "integration:" + id + ":headers"),
                                        new TreeSet<>(checkedHeaders.keySet()), patterns, secrets.seal(secret, "integration:" + id),
                                        caller.actor())))
                        .onFailure(e -> "integration_name_key".equals(Transactions.violatedUniqueConstraint(e)))
                        .transform(e -> ApiException.conflict("INTEGRATION_EXISTS", "An integration named '" + name
                                + "' already exists for user " + owner.username())),
                        integration -> "integration:" + integration.id()))
                .map(integration -> new Created<>(integration, secret));
    }

    public Uni<List<Integration>> integrations(Caller caller, long beforeId, int limit) {
        return owners.visibleTo(caller).chain(userId -> Owners.NOBODY.equals(userId) ? Uni.createFrom().item(List.<Integration>of())
                : subscriptions.integrations(transactions.pool(), userId, beforeId, limit));
    }

    public Uni<Integration> integration(Caller caller, long id) {
        return owners.visibleTo(caller).chain(userId -> subscriptions.integration(transactions.pool(), id).map(integration -> {
            if (integration == null || userId != null && integration.userId() != userId) {
                throw ApiException.notFound("INTEGRATION_NOT_FOUND", "Integration " + id + " not found");
            }
            return integration;
        }));
    }

    public Uni<Void> deleteIntegration(Caller caller, long id) {
        return integration(caller, id).chain(found -> audit.record(caller, "integration.delete", "integration:" + id,
                subscriptions.deleteIntegration(transactions.pool(), id))).replaceWithVoid();
    }

    public Uni<List<DeliveryRepository.Entry>> history(Caller caller, Long ruleId, Long integrationId, String status,
            OffsetDateTime since, long beforeId, int limit) {
        if (status != null && !DeliveryRepository.STATUSES.contains(status)) {
            throw ApiException.unprocessable("INVALID_STATUS", "status must be pending, delivered or failed");
        }
        return owners.visibleTo(caller).chain(userId -> Owners.NOBODY.equals(userId) ? Uni.createFrom().item(List.<DeliveryRepository.Entry>of())
                : deliveries.page(transactions.pool(), userId, ruleId, integrationId, status, since, beforeId, limit));
    }

    private static Map<String, String> headers(Map<String, String> headers) {
        if (headers == null) {
            return Map.of();
        }
        if (headers.size() > 20) {
            throw ApiException.unprocessable("INVALID_HEADERS", "config.headers has more than 20 headers");
        }
        Map<String, String> checked = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> {
            if (name == null || !name.matches(HEADER_NAME) || !seen.add(name)) {
                throw ApiException.unprocessable("INVALID_HEADERS", "config.headers has '" + name + "', which is not a header name"
                        + " (or is there twice)");
            }
            if (WebhookSender.reserved(name)) {
                throw ApiException.unprocessable("RESERVED_HEADER", "config.headers may not set " + name
                        + ": the service sets it (webhook-*, Host, Content-Length, Content-Type, Connection, Transfer-Encoding, User-Agent)");
            }
            if (value == null || value.length() > 1024 || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw ApiException.unprocessable("INVALID_HEADERS", "config.headers." + name
                        + " must be a text of at most 1024 characters without control characters");
            }
            checked.put(name, value);
        });
        return checked;
    }

    private String write(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
