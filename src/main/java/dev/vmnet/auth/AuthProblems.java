package dev.vmnet.auth;

import static dev.vmnet.common.ProblemMapper.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Authentication and authorization failures in the spec's words. Authentication runs lazily
 * (quarkus.http.auth.proactive=false), so its failures reach these mappers.
 */
public class AuthProblems {

    /** Credentials were sent and are wrong: a key that is unknown or expired, or a token that does not verify. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpHeaders headers) {
        if (ApiKeyIdentityProvider.EXPIRED.equals(e.getMessage())) {
            return problem(401, ApiKeyIdentityProvider.EXPIRED, "EXPIRED_API_KEY", null).build();
        }
        if (headers.getHeaderString(ApiKeyAuthenticationMechanism.HEADER) == null && bearer(headers) != null) {
            return problem(401, "Invalid JWT token", "INVALID_JWT", null).build();
        }
        return problem(401, ApiKeyIdentityProvider.INVALID, "INVALID_API_KEY", null).build();
    }

    /** No credentials on an endpoint that needs them. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpHeaders headers) {
        String token = bearer(headers);
        if (token != null && token.isBlank()) {
            return problem(401, "Missing JWT token", "MISSING_JWT", null).build();
        }
        return problem(401, ApiKeyIdentityProvider.INVALID, "INVALID_API_KEY", null).build();
    }

    /** Authenticated, but the endpoint needs more: admin, or (for a viewer) any change. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, SimpleResourceInfo resource) {
        RolesAllowed allowed = resource.getResourceClass() == null ? null : rolesAllowed(resource);
        if (allowed != null && Set.of(allowed.value()).equals(Set.of(Roles.ADMIN))) {
            return problem(403, "Admin privileges required", "ADMIN_REQUIRED", null).build();
        }
        return problem(403, "Viewer credentials may only read", "READ_ONLY", null).build();
    }

    private static RolesAllowed rolesAllowed(SimpleResourceInfo resource) {
        try {
            RolesAllowed onMethod = resource.getResourceClass()
                    .getMethod(resource.getMethodName(), resource.parameterTypes()).getAnnotation(RolesAllowed.class);
            return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RolesAllowed.class);
        } catch (NoSuchMethodException e) {
            return resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
    }

    /** The token of an "Authorization: Bearer ..." header, blank when the header has none; null without one. */
    private static String bearer(HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null;
        }
        return authorization.substring(6).strip();
    }
}
