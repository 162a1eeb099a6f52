package dev.vmnet.auth;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Contexts;
import dev.vmnet.common.Times;
import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import dev.vmnet.events.Readers;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Users: registration (the first one becomes admin), login, who the caller is, and an admin's
 * listing, changes and removals (the last admin keeps admin; nobody changes its own roles).
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    /** Compared against when the user does not exist, so a login takes as long either way. */
    private static final String NO_USER_HASH = BcryptUtil.bcryptHash("no such user, no such password");

    private final UserRepository users;
    private final TokenService tokens;
    private final AuthConfig config;
    private final AuditLog audit;
    private final Outbox outbox;

    public UserService(UserRepository users, TokenService tokens, AuthConfig config, AuditLog audit, Outbox outbox) {
        this.users = users;
        this.tokens = tokens;
        this.config = config;
        this.audit = audit;
        this.outbox = outbox;
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
            return Uni.createFrom().failure(unknownRole());
        }
        Caller actor = caller != null ? caller : new Caller("anonymous", "anonymous", Set.of(), null);
        // refused like any other unauthorized call: before anything is done or recorded
        return users.count().invoke(count -> allowed(caller, count, roles)).chain(() -> audit.record(actor, "user.create", username,
                Contexts.onWorker(() -> BcryptUtil.bcryptHash(password))
                        // registrations queue up here, so two "first users" cannot both become admin
                        .chain(hash -> Panache.withTransaction(() -> lockUsers()
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
                                    return users.persist(user).call(saved -> outbox.appendInPanache(event(actor, "create", saved)));
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
        throw AuthProblems.adminRequired();
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

    /** Users ordered by username, after {@code after} (exclusive). */
    public Uni<List<User>> list(String after, int limit) {
        return users.page(after, limit);
    }

    /**
     * Changes what is given (null leaves it): a new password, hashed as at registration, and new
     * roles. An admin changes any user; anyone else only its own password. Nobody changes its own
     * roles (no one grants itself more, nor locks itself out), and the last admin keeps admin.
     */
    public Uni<User> update(Caller caller, String username, String password, Set<String> requestedRoles) {
        Set<String> roles = requestedRoles == null ? null : new TreeSet<>(requestedRoles);
        if (roles != null && !Roles.ALL.containsAll(roles)) {
            return Uni.createFrom().failure(unknownRole());
        }
        boolean self = username.equals(caller.username());
        if (!self && !caller.admin()) { // before the lookup, so a user cannot tell who exists
            return Uni.createFrom().failure(AuthProblems.adminRequired());
        }
        return find(username).chain(found -> {
            boolean newRoles = roles != null && !roles.equals(found.roleSet());
            boolean newPassword = password != null;
            if (self && newRoles) {
                throw AuthProblems.ownRoles();
            }
            Uni<String> hash = newPassword ? Contexts.onWorker(() -> BcryptUtil.bcryptHash(password)) : Uni.createFrom().nullItem();
            return audit.record(caller, "user.update", username, hash.chain(newHash -> Panache.withTransaction(() -> lockUsers()
                            .chain(() -> find(username))
                            .call(user -> newRoles && !roles.contains(Roles.ADMIN) ? keepAnAdmin(user) : Uni.createFrom().voidItem())
                            .invoke(user -> {
                                if (newRoles) {
                                    user.roles = String.join(",", roles);
                                }
                                if (newPassword) {
                                    user.passwordHash = newHash;
                                }
                                LOG.infof("User '%s' updated by %s: %s", username, caller.actor(), changes(newRoles, user, newPassword));
                            })
                            .call(user -> outbox.appendInPanache(event(caller, "update", user))))),
                    user -> changes(newRoles, user, newPassword));
        });
    }

    /** Removes a user and, with it, its personal API keys; its VMs stay, owned by the name, for admins to see. */
    public Uni<Void> delete(Caller caller, String username) {
        return find(username).chain(found -> audit.record(caller, "user.delete", username,
                Panache.withTransaction(() -> lockUsers()
                        .chain(() -> find(username))
                        .call(this::keepAnAdmin)
                        .call(users::delete) // api_key.user_id cascades
                        .call(user -> outbox.appendInPanache(event(caller, "delete", user)))
                        .invoke(user -> LOG.infof("User '%s' deleted by %s", username, caller.actor()))),
                user -> "roles " + user.roles)).replaceWithVoid();
    }

    /** A user's event: its name and roles (never its password), for the user and admins. */
    private static NewEvent event(Caller caller, String eventType, User user) {
        return NewEvent.change(caller, "user", eventType, user.username, "user:" + user.username, Readers.ADMINS,
                Map.of("username", user.username, "roles", user.roleSet()));
    }

    /** Fails when {@code user} is the only admin: someone must stay able to manage users and keys. */
    private Uni<Void> keepAnAdmin(User user) {
        if (!user.roleSet().contains(Roles.ADMIN)) {
            return Uni.createFrom().voidItem();
        }
        return users.countAdmins().invoke(admins -> {
            if (admins <= 1) {
                throw ApiException.conflict("LAST_ADMIN", "User '" + user.username + "' is the last admin: make another user an admin first");
            }
        }).replaceWithVoid();
    }

    /** What an update changed, for the log and the audit record; never the password. */
    private static String changes(boolean newRoles, User user, boolean newPassword) {
        List<String> changes = new ArrayList<>();
        if (newRoles) {
            changes.add("roles " + user.roles);
        }
        if (newPassword) {
            changes.add("password changed");
        }
        return changes.isEmpty() ? "nothing changed" : String.join(", ", changes);
    }

    /**
     * Serializes the changes that count users (the first becomes admin) or admins (the last stays):
     * the lock conflicts with itself, not with reads.
     */
    private static Uni<Integer> lockUsers() {
        return Panache.getSession().chain(session -> session.createNativeQuery("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE")
                .executeUpdate());
    }

    private static ApiException unknownRole() {
        return ApiException.unprocessable("UNKNOWN_ROLE", "roles must be from: admin, user, viewer");
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
