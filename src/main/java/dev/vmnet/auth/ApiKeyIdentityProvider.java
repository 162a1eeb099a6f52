package dev.vmnet.auth;

import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Turns an API key into an identity: a bootstrap key from VYOS_API_KEYS is an admin; a stored key
 * is found by its SHA-256 digest and carries its user's roles (a personal key) or admin / user.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(ApiKeyIdentityProvider.class);
    static final String INVALID = "Invalid or missing API Key";
    static final String EXPIRED = "Expired API Key";

    private final ApiKeyRepository keys;
    private final List<byte[]> bootstrapDigests;

    public ApiKeyIdentityProvider(ApiKeyRepository keys, AuthConfig config) {
        this.keys = keys;
        this.bootstrapDigests = config.apiKeys().orElse(List.of()).stream()
                .map(String::strip).filter(k -> !k.isEmpty()).map(Secrets::digest).toList();
        if (bootstrapDigests.isEmpty()) {
            LOG.info("No bootstrap API keys (VYOS_API_KEYS): register the first user at POST /v1/auth/users/");
        }
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        byte[] digest = Secrets.digest(request.key());
        int bootstrap = -1;
        for (int i = 0; i < bootstrapDigests.size(); i++) {
            if (Secrets.sameDigest(bootstrapDigests.get(i), digest)) {
                bootstrap = i + 1;
            }
        }
        if (bootstrap > 0) {
            String actor = "bootstrap:" + bootstrap;
            return Uni.createFrom().item(identity(new Caller(actor, actor, Set.of(Roles.ADMIN), null)));
        }
        return keys.findByDigest(digest).map(key -> {
            if (key == null) {
                throw new AuthenticationFailedException(INVALID);
            }
            if (key.expired()) {
                throw new AuthenticationFailedException(EXPIRED);
            }
            String actor = "key:" + key.id;
            String username = key.user == null ? null : key.user.username;
            return identity(new Caller(actor, username == null ? actor : "user:" + username, key.roles(), username));
        });
    }

    private static SecurityIdentity identity(Caller caller) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.actor()))
                .addRoles(caller.roles())
                .addAttribute(Caller.ATTRIBUTE, caller)
                .build();
    }
}
