package dev.vmnet.auth;

import dev.vmnet.common.ApiException;
import dev.vmnet.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Whose a user-owned record (a rule, an integration, a secret, a task) is: the caller's user
 * unless an admin names another with {@code user_id}. One rule for every feature that has them.
 */
@ApplicationScoped
public class Owners {

    /** A caller without a user (a key an admin made) owns nothing. */
    public static final Long NOBODY = -1L;

    public record Owner(long id, String username, Set<String> roles) {}

    private final Pool pool;

    public Owners(Pool pool) {
        this.pool = pool;
    }

    /**
     * The owner of a new record: the caller's user, or {@code userId}'s when an admin names it.
     * {@code what} ("secrets") completes the 403's text.
     */
    public Uni<Owner> forNew(Caller caller, Long userId, String what) {
        if (userId == null && caller.username() == null) {
            return Uni.createFrom().failure(ApiException.unprocessable("USER_REQUIRED",
                    "user_id is required: this API key belongs to no user"));
        }
        return find(userId, caller.username()).map(user -> {
            boolean own = user != null && user.username().equals(caller.username());
            if (!own && !caller.admin()) {
                throw new ApiException(403, "ADMIN_REQUIRED", "Only an admin makes " + what + " for another user");
            }
            if (user == null) {
                throw ApiException.unprocessable("UNKNOWN_USER", "user_id " + userId + " is not a user");
            }
            return user;
        });
    }

    /** Whose records the caller sees: null for every user's (admins), its own user's id, or {@link #NOBODY}. */
    public Uni<Long> visibleTo(Caller caller) {
        if (caller.admin()) {
            return Uni.createFrom().nullItem();
        }
        if (caller.username() == null) {
            return Uni.createFrom().item(NOBODY);
        }
        return find(null, caller.username()).map(user -> user == null ? NOBODY : user.id());
    }

    /** The user with {@code id}, or (id null) named {@code username}; null when there is none. */
    public Uni<Owner> find(Long id, String username) {
        return pool.preparedQuery("SELECT id, username, roles FROM app_user WHERE id = $1 OR ($1 IS NULL AND username = $2)")
                .execute(Tuple.of(id, username)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Owner(row.getLong("id"), row.getString("username"), Set.of(row.getString("roles").split(",")));
                });
    }
}
