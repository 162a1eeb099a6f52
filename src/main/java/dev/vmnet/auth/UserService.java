package dev.vmnet.auth;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Times;
import dev.vmnet.common.Contexts;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/** Users: registration (the first one becomes admin), login, and who the caller is. */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    /** Compared against when the user does not exist, so a login takes as long either way. */
    private static final String NO_USER_HASH = BcryptUtil.bcryptHash("no such user, no such password");

    private final UserRepository users;
    private final TokenService tokens;
    private final AuthConfig config;
    private final AuditLog audit;

    public UserService(UserRepository users, TokenService tokens, AuthConfig config, AuditLog audit) {
        this.users = users;
        this.tokens = tokens;
        this.config = config;
        this.audit = audit;
    }

    /**
     * Registers a user. Anyone may register the first user, who becomes an admin; after that only
     * an admin may, unless open registration is on (and then not as an admin).
     *
     * @param caller the caller, or null when the request carried no credentials
     */
    public Uni<User> register(Caller caller, String username, String password, Set<String> requestedRoles) {
        Set<String> roles = new TreeSet<>(requestedRoles);
        if (!Roles.ALL.containsAll(roles)) {
            return Uni.createFrom().failure(ApiException.unprocessable("UNKNOWN_ROLE", "roles must be from: admin, user, viewer"));
        }
        Caller actor = caller != null ? caller : new Caller("anonymous", "anonymous", Set.of(), null);
        // refused like any other unauthorized call: before anything is done or recorded
        return users.count().invoke(count -> allowed(caller, count, roles)).chain(() -> audit.record(actor, "user.create", username,
                Contexts.onWorker(() -> BcryptUtil.bcryptHash(password))
                        .chain(hash -> Panache.withTransaction(() -> Panache.getSession()
                                // registrations queue up here, so two "first users" cannot both become admin
                                .chain(session -> session.createNativeQuery("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE")
                                        .executeUpdate())
                                .chain(() -> users.count())
                                .invoke(count -> allowed(caller, count, roles))
                                .chain(count -> users.findByUsername(username).chain(existing -> {
                                    if (existing != null) {
                                        throw ApiException.conflict("USERNAME_TAKEN", "Username '" + username + "' is already taken");
                                    }
                                    User user = new User();
                                    user.username = username;
                                    user.passwordHash = hash;
                                    if (count == 0) {
                                        roles.add(Roles.ADMIN);
                                    }
                                    user.roles = String.join(",", roles);
                                    user.createdAt = Times.now();
                                    LOG.infof("User '%s' registered by %s with roles %s", username, actor.actor(), user.roles);
                                    return users.persist(user);
                                })))),
                user -> "roles " + user.roles));
    }

    private void allowed(Caller caller, long existingUsers, Set<String> roles) {
        if (existingUsers == 0 || (caller != null && caller.admin())) {
            return;
        }
        if (config.openRegistration() && !roles.contains(Roles.ADMIN)) {
            return;
        }
        if (caller == null) {
            throw new ApiException(401, "INVALID_API_KEY", ApiKeyIdentityProvider.INVALID);
        }
        throw new ApiException(403, "ADMIN_REQUIRED", "Admin privileges required");
    }

    /** An access token for a valid username and password; 401 otherwise, alike for both cases. */
    public Uni<TokenService.AccessToken> login(String username, String password) {
        if (!tokens.enabled()) { // before any password check: there is nothing to log in to
            return Uni.createFrom().failure(AuthProblems.jwtNotConfigured());
        }
        return users.findByUsername(username)
                .chain(user -> Contexts.onWorker(() -> BcryptUtil.matches(password, user == null ? NO_USER_HASH : user.passwordHash)
                                && user != null)
                        .map(valid -> {
                            if (!valid) {
                                LOG.infof("Login of '%s' refused", username);
                                throw new ApiException(401, "INVALID_CREDENTIALS", "Incorrect username or password");
                            }
                            LOG.infof("Login of '%s'", username);
                            return tokens.issue(user);
                        }));
    }

    /** The named user; 404 when there is none. */
    public Uni<User> find(String username) {
        return users.findByUsername(username).map(user -> {
            if (user == null) {
                throw ApiException.notFound("USER_NOT_FOUND", "User '" + username + "' not found");
            }
            return user;
        });
    }

    /** The user behind the caller; 404 for a key that no user owns. */
    public Uni<User> me(Caller caller) {
        if (caller.username() == null) {
            return Uni.createFrom().failure(ApiException.notFound("NOT_A_USER",
                    "This credential (" + caller.actor() + ") does not belong to a user"));
        }
        return users.findByUsername(caller.username()).map(user -> {
            if (user == null) {
                throw ApiException.notFound("NOT_A_USER", "User '" + caller.username() + "' no longer exists");
            }
            return user;
        });
    }
}
