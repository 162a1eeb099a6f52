package dev.vmnet.auth;

import dev.vmnet.common.ApiException;
import dev.vmnet.identity.Caller;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Checks an API key or a JWT given outside an HTTP request's headers (the event stream's auth
 * message) as a request's are checked: the key by the same identity provider, the token with the
 * same verification settings and the same lookup of its user (as JwtUserAugmentor). Refusals have
 * the codes of a request's 401 (or 503 while JWT is off).
 */
@ApplicationScoped
public class CredentialCheck {

    private static final ApiException INVALID_JWT = new ApiException(401, "INVALID_JWT", "Invalid JWT token");

    private final IdentityProviderManager identities;
    private final JWTParser parser;
    private final TokenService tokens;
    private final UserRepository users;
    private final Vertx vertx;

    public CredentialCheck(IdentityProviderManager identities, JWTParser parser, TokenService tokens, UserRepository users, Vertx vertx) {
        this.identities = identities;
        this.parser = parser;
        this.tokens = tokens;
        this.users = users;
        this.vertx = vertx;
    }

    public Uni<Caller> apiKey(String key) {
        return onDuplicatedContext(() -> identities.authenticate(new ApiKeyAuthenticationRequest(key)).map(Caller::of))
                .onFailure(e -> !(e instanceof ApiException)).transform(failure -> AuthProblems.unauthenticated(failure, key, null));
    }

    public Uni<Caller> token(String jwt) {
        if (!tokens.enabled()) {
            return Uni.createFrom().failure(AuthProblems.jwtNotConfigured());
        }
        return Uni.createFrom().item(() -> {
                    try {
                        return parser.parse(jwt).getSubject();
                    } catch (ParseException e) {
                        throw INVALID_JWT;
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(subject -> onDuplicatedContext(() -> users.findByUsername(subject)))
                .map(user -> {
                    if (user == null) {
                        throw INVALID_JWT; // the token's user no longer exists
                    }
                    return Caller.user(user.username, user.roleSet());
                });
    }

    /** Hibernate Reactive (behind both lookups) wants a duplicated Vert.x context, which a WebSocket frame handler is not on. */
    private <T> Uni<T> onDuplicatedContext(Supplier<Uni<T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().<T>emitter(emitter -> context.runOnContext(ignored -> work.get()
                .subscribe().with(emitter::complete, emitter::fail)));
    }
}
