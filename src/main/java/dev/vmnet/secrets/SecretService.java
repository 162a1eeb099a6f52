package dev.vmnet.secrets;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.auth.Owners;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.crypto.Secrets;
import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import dev.vmnet.events.Readers;
import dev.vmnet.identity.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Spec 002's secrets. Each belongs to a user: the caller unless an admin names another. Its owner
 * and admins read its value, each read audited as {@code secret.read}; anyone else finds no such
 * secret. A value exists in clear only in the create or update request and the value answer:
 * sealed everywhere else, and never in a log line, an audit record or an event.
 */
@ApplicationScoped
public class SecretService {

    private static final Logger LOG = Logger.getLogger(SecretService.class);

    public static final Set<String> TYPES = Set.of("api_key", "password", "token", "certificate", "ssh_key", "generic");
    static final int MAX_VALUE_BYTES = 64 * 1024;
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,127}";
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{secret:(\\d{1,18})}}");

    private final Transactions transactions;
    private final SecretRepository repository;
    private final Secrets secrets;
    private final Owners owners;
    private final AuditLog audit;
    private final Outbox outbox;

    public SecretService(Transactions transactions, SecretRepository repository, Secrets secrets, Owners owners, AuditLog audit,
            Outbox outbox) {
        this.transactions = transactions;
        this.repository = repository;
        this.secrets = secrets;
        this.owners = owners;
        this.audit = audit;
        this.outbox = outbox;
    }

    /** A value as its owner reads it. */
    public record Value(long id, String name, String value) {}

    public Uni<Secret> create(Caller caller, Long userId, String name, String type, String value, Boolean active) {
        if (name == null || !name.matches(NAME)) {
            throw ApiException.unprocessable("INVALID_NAME",
                    "name must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (type == null || !TYPES.contains(type)) {
            throw ApiException.unprocessable("INVALID_TYPE", "type must be one of: api_key, certificate, generic, password, ssh_key, token");
        }
        checkValue(value, true);
        secrets.require();
        return owners.forNew(caller, userId, "secrets").chain(owner -> audit.record(caller, "secret.create", "user:" + owner.username(),
                transactions.readCommitted(connection -> repository.nextId(connection).chain(id -> repository.insert(connection, id,
                                owner.id(), name, type, secrets.seal(value, context(id)), active == null || active, caller.actor()))
                        .call(secret -> outbox.append(connection, event(caller, "create", secret))))
                        .onFailure(e -> "secret_name_key".equals(Transactions.violatedUniqueConstraint(e)))
                        .transform(e -> ApiException.conflict("SECRET_EXISTS", "A secret named '" + name + "' already exists for user "
                                + owner.username())),
                secret -> "secret:" + secret.id() + " " + type))
                .invoke(secret -> LOG.infof("Secret secret:%d (%s) created for user %s by %s", secret.id(), type, secret.owner(),
                        caller.actor()));
    }

    public Uni<List<Secret>> list(Caller caller, long beforeId, int limit) {
        return owners.visibleTo(caller).chain(userId -> Owners.NOBODY.equals(userId) ? Uni.createFrom().item(List.<Secret>of())
                : repository.page(transactions.pool(), userId, beforeId, limit));
    }

    public Uni<Secret> get(Caller caller, long id) {
        return visible(caller, transactions.pool(), id, false).map(SecretRepository.Sealed::secret);
    }

    /** The value, for its owner or an admin; 409 SECRET_INACTIVE while it is switched off. Audited either way. */
    public Uni<Value> value(Caller caller, long id) {
        secrets.require();
        return audit.record(caller, "secret.read", "secret:" + id, transactions.readCommitted(connection ->
                visible(caller, connection, id, false).chain(found -> {
                    if (!found.secret().active()) {
                        throw ApiException.conflict("SECRET_INACTIVE", "Secret " + id + " is inactive: set is_active to read it");
                    }
                    String value = secrets.open(found.value(), context(id));
                    LOG.debugf("Secret secret:%d of user %s read by %s", id, found.secret().owner(), caller.actor());
                    return outbox.append(connection, event(caller, "read", found.secret()))
                            .replaceWith(new Value(id, found.secret().name(), value));
                })));
    }

    /** A new value and/or is_active; what is null stays. */
    public Uni<Secret> update(Caller caller, long id, String value, Boolean active) {
        if (value == null && active == null) {
            throw ApiException.unprocessable("EMPTY_UPDATE", "Give a new value, is_active, or both");
        }
        checkValue(value, false);
        secrets.require();
        return audit.record(caller, "secret.update", "secret:" + id, transactions.readCommitted(connection ->
                visible(caller, connection, id, true).chain(found -> repository.update(connection, id,
                                value == null ? null : secrets.seal(value, context(id)), active))
                        .call(secret -> outbox.append(connection, event(caller, "update", secret)))),
                secret -> (value == null ? "" : "new value ") + "is_active " + secret.active());
    }

    public Uni<Void> delete(Caller caller, long id) {
        return audit.record(caller, "secret.delete", "secret:" + id, transactions.readCommitted(connection ->
                visible(caller, connection, id, true).call(found -> repository.delete(connection, id))
                        .call(found -> outbox.append(connection, event(caller, "delete", found.secret())))))
                .replaceWithVoid();
    }

    /** The secrets {@code text} refers to with {@code {{secret:<id>}}}. */
    public static Set<Long> references(String text) {
        Set<Long> ids = new TreeSet<>();
        REFERENCE.matcher(text).results().forEach(match -> ids.add(Long.parseLong(match.group(1))));
        return ids;
    }

    /**
     * {@code text} with each {@code {{secret:<id>}}} replaced by that secret's value, for a use
     * on behalf of {@code userId} (an integration's header): fails with 409 SECRET_UNAVAILABLE
     * unless each secret is {@code userId}'s and active, and its value is one line.
     */
    public Uni<String> expand(long userId, String text) {
        Set<Long> ids = references(text);
        if (ids.isEmpty()) {
            return Uni.createFrom().item(text);
        }
        Map<Long, String> values = new HashMap<>();
        return Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(id -> repository.find(transactions.pool(), id, false)
                        .invoke(found -> {
                            if (found == null || found.secret().userId() != userId || !found.secret().active()) {
                                throw ApiException.conflict("SECRET_UNAVAILABLE", "secret " + id
                                        + " is deleted, inactive or not the integration owner's");
                            }
                            String value = secrets.open(found.value(), context(id));
                            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                                throw ApiException.conflict("SECRET_UNAVAILABLE", "secret " + id
                                        + " holds a control character (a line break?), so it cannot be a header value");
                            }
                            values.put(id, value);
                        }))
                .collect().last()
                .map(done -> REFERENCE.matcher(text).replaceAll(match -> Matcher.quoteReplacement(values.get(Long.parseLong(match.group(1))))));
    }

    /** Whether every id in {@code ids} is a secret of {@code userId}'s (what a reference to one may name). */
    public Uni<Boolean> allOwnedBy(long userId, Set<Long> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(true)
                : repository.countOwned(transactions.pool(), userId, ids.toArray(Long[]::new)).map(count -> count == ids.size());
    }

    /** The secret if the caller may see it (its owner's, or any for an admin); 404 otherwise, as if there were none. */
    private Uni<SecretRepository.Sealed> visible(Caller caller, SqlClient client, long id, boolean lock) {
        return owners.visibleTo(caller).chain(userId -> repository.find(client, id, lock).map(found -> {
            if (found == null || userId != null && found.secret().userId() != userId) {
                throw ApiException.notFound("SECRET_NOT_FOUND", "Secret " + id + " not found");
            }
            return found;
        }));
    }

    private static void checkValue(String value, boolean required) {
        if (value == null ? required : value.isEmpty() || value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw ApiException.unprocessable("INVALID_VALUE", "value must be a text of 1 byte to 64 KiB");
        }
    }

    /** What a value is sealed for: another row's sealed value does not open here. */
    static String context(long id) {
        return "secret:" + id;
    }

    /** A secret's event: what it is and whose, never its value; for its owner and admins. */
    private static NewEvent event(Caller caller, String eventType, Secret secret) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", secret.id());
        data.put("user_id", secret.userId());
        data.put("name", secret.name());
        data.put("type", secret.type());
        data.put("is_active", secret.active());
        return NewEvent.change(caller, "secret", eventType, "secret:" + secret.id(), "user:" + secret.owner(),
                Readers.ADMINS, data);
    }
}
