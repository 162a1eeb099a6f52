package dev.vmnet.auth;

import dev.vmnet.identity.Caller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified token acts with its user's roles as they are now, as a personal key does: a role
 * change takes effect at once, and a deleted user's tokens stop working (401 INVALID_JWT) rather
 * than when they expire. The groups claim only says what the roles were at login.
 */
@ApplicationScoped
public class JwtUserAugmentor implements SecurityIdentityAugmentor {

    private final UserRepository users;

    public JwtUserAugmentor(UserRepository users) {
        this.users = users;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        return users.findByUsername(jwt.getSubject()).map(user -> {
            if (user == null) {
                throw new AuthenticationFailedException("the token's user no longer exists");
            }
            String actor = "user:" + user.username;
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(jwt)
                    .addCredentials(identity.getCredentials())
                    .addAttributes(identity.getAttributes())
                    .addRoles(user.roleSet())
                    .addAttribute(Caller.ATTRIBUTE, new Caller(actor, actor, user.roleSet(), user.username))
                    .build();
        });
    }
}
