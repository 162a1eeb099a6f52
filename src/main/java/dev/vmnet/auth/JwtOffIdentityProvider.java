package dev.vmnet.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asked before SmallRye JWT's validator (higher priority): while JWT is off it refuses every bearer
 * token, which {@link AuthProblems} answers with 503 JWT_NOT_CONFIGURED, so the token never reaches
 * a parser that has no key to verify it with; while JWT is on it passes the token on.
 */
@ApplicationScoped
public class JwtOffIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    static final String JWT_OFF = "JWT is not configured";

    private final TokenService tokens;

    public JwtOffIdentityProvider(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return tokens.enabled() ? Uni.createFrom().nullItem() : Uni.createFrom().failure(new AuthenticationFailedException(JWT_OFF));
    }

    /** SmallRye's validator keeps the default priority; higher is asked first. */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }
}
