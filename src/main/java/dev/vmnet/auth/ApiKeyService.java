package dev.vmnet.auth;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Times;
import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import dev.vmnet.events.Readers;
import dev.vmnet.identity.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** API keys: those an admin manages, and a user's own. The key value exists only in the create answer. */
@ApplicationScoped
public class ApiKeyService {

    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);

    private static final int MAX_DAYS = 3650;

    private final ApiKeyRepository keys;
    private final UserService users;
    private final AuditLog audit;
    private final Outbox outbox;

    public ApiKeyService(ApiKeyRepository keys, UserService users, AuditLog audit, Outbox outbox) {
        this.keys = keys;
        this.users = users;
        this.audit = audit;
        this.outbox = outbox;
    }

    /** A key with its value, which is shown this once. */
    public record NewKey(ApiKey key, String value) {}

    /** A key an admin makes: admin or user, or (with {@code username}) one that carries that user's roles. */
    public Uni<NewKey> create(Caller caller, String username, String description, boolean admin, Integer expiresInDays) {
        Uni<User> owner = username == null ? Uni.createFrom().nullItem() : users.find(username);
        return audit.record(caller, "api_key.create", username == null ? null : "user:" + username,
                owner.chain(user -> persist(caller, user, description, user == null && admin, expiresInDays)),
                created -> "key:" + created.key().id + (created.key().isAdmin ? " admin" : ""));
    }

    private Uni<NewKey> persist(Caller caller, User user, String description, boolean admin, Integer expiresInDays) {
        String value = Secrets.newApiKey();
        ApiKey key = new ApiKey();
        key.keyHash = Secrets.digest(value);
        key.description = description == null ? "" : description;
        key.isAdmin = admin;
        key.user = user;
        key.createdAt = Times.now();
        key.expiresAt = expiry(expiresInDays, key.createdAt);
        return Panache.withTransaction(() -> keys.persist(key).call(saved -> outbox.appendInPanache(event(caller, "create", saved))))
                .map(saved -> {
            LOG.infof("API key key:%d created (%s)", saved.id, user != null ? "for user " + user.username : admin ? "admin" : "user");
            return new NewKey(saved, value);
        });
    }

    public Uni<List<ApiKey>> list() {
        return keys.listAll();
    }

    /** By numeric id, or by the key's value as the spec's paths have it. */
    public Uni<ApiKey> find(String idOrValue) {
        Uni<ApiKey> found = idOrValue.matches("\\d{1,18}")
                ? keys.findWithUser(Long.parseLong(idOrValue))
                : keys.findByDigest(Secrets.digest(idOrValue));
        return found.map(key -> {
            if (key == null) {
                throw notFound();
            }
            return key;
        });
    }

    /** Changes what is given; null leaves a field as it is. expires_in_days 0 means never. */
    public Uni<ApiKey> update(Caller caller, String idOrValue, String description, Boolean admin, Integer expiresInDays) {
        return find(idOrValue).chain(found -> audit.record(caller, "api_key.update", "key:" + found.id,
                Panache.withTransaction(() -> keys.findWithUser(found.id).invoke(key -> {
                    if (description != null) {
                        key.description = description;
                    }
                    if (admin != null) {
                        key.isAdmin = admin;
                    }
                    if (expiresInDays != null) {
                        key.expiresAt = expiry(expiresInDays, Times.now());
                    }
                }).call(key -> outbox.appendInPanache(event(caller, "update", key))))));
    }

    public Uni<Void> delete(Caller caller, String idOrValue) {
        return find(idOrValue).chain(key -> audit.record(caller, "api_key.delete", "key:" + key.id,
                Panache.withTransaction(() -> keys.deleteById(key.id).call(() -> outbox.appendInPanache(event(caller, "delete", key))))))
                .replaceWithVoid();
    }

    /** A personal key: it carries the caller's roles. Only a user has personal keys. */
    public Uni<NewKey> createOwn(Caller caller, String description, Integer expiresInDays) {
        return audit.record(caller, "api_key.create", "user:" + caller.username(),
                users.me(caller).chain(user -> persist(caller, user, description, false, expiresInDays)),
                created -> "key:" + created.key().id);
    }

    public Uni<List<ApiKey>> listOwn(Caller caller) {
        return users.me(caller).chain(keys::listOf);
    }

    /** Deletes one of the caller's own keys; another's key is not found. */
    public Uni<Void> deleteOwn(Caller caller, long id) {
        return audit.record(caller, "api_key.delete", "key:" + id, Panache.withTransaction(() -> users.me(caller)
                .chain(user -> keys.findWithUser(id).chain(key -> {
                    if (key == null || key.user == null || !key.user.id.equals(user.id)) {
                        throw notFound();
                    }
                    return keys.delete(key).call(() -> outbox.appendInPanache(event(caller, "delete", key)));
                }))));
    }

    /** A key's event: its id and kind (never its value), for its user and admins. */
    private static NewEvent event(Caller caller, String eventType, ApiKey key) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", key.id);
        data.put("is_admin", key.isAdmin);
        data.put("user", key.user == null ? null : key.user.username);
        data.put("expires_at", key.expiresAt == null ? null : key.expiresAt.toString());
        return NewEvent.change(caller, "api_key", eventType, "key:" + key.id, key.user == null ? null : "user:" + key.user.username,
                Readers.ADMINS, data);
    }

    private static OffsetDateTime expiry(Integer days, OffsetDateTime from) {
        if (days == null || days == 0) {
            return null;
        }
        if (days < 0 || days > MAX_DAYS) {
            throw ApiException.unprocessable("INVALID_EXPIRY", "expires_in_days must be from 0 (never) to " + MAX_DAYS);
        }
        return from.plusDays(days);
    }

    private static ApiException notFound() {
        return ApiException.notFound("API_KEY_NOT_FOUND", "API Key not found");
    }
}
