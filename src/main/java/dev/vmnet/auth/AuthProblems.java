package dev.vmnet.auth;

import static dev.vmnet.common.ProblemMapper.problem;

import dev.vmnet.common.ApiException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Authentication and authorization failures in the spec's words. Authentication runs lazily
 * (quarkus.http.auth.proactive=false), so its failures reach these mappers.
 */
public class AuthProblems {

    private static final Logger LOG = Logger.getLogger(AuthProblems.class);

    /** Credentials were sent and are wrong: a key that is unknown or expired, or a token that does not verify. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpHeaders headers, UriInfo uri) {
        if (ApiKeyIdentityProvider.EXPIRED.equals(e.getMessage())) {
            return refused(uri, 401, ApiKeyIdentityProvider.EXPIRED, "EXPIRED_API_KEY");
        }
        if (headers.getHeaderString(ApiKeyAuthenticationMechanism.HEADER) == null && bearer(headers) != null) {
            return refused(uri, 401, "Invalid JWT token", "INVALID_JWT");
        }
        return refused(uri, 401, ApiKeyIdentityProvider.INVALID, "INVALID_API_KEY");
    }

    /** No credentials on an endpoint that needs them. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpHeaders headers, UriInfo uri) {
        String token = bearer(headers);
        if (token != null && token.isBlank()) {
            return refused(uri, 401, "Missing JWT token", "MISSING_JWT");
        }
        return refused(uri, 401, ApiKeyIdentityProvider.INVALID, "INVALID_API_KEY");
    }

    /** Authenticated, but the endpoint needs more: admin, or (for a viewer) any change. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, SimpleResourceInfo resource, UriInfo uri) {
        RolesAllowed allowed = resource.getResourceClass() == null ? null : rolesAllowed(resource);
        ApiException refusal = allowed != null && Set.of(allowed.value()).equals(Set.of(Roles.ADMIN)) ? adminRequired() : readOnly();
        return refused(uri, refusal.status(), refusal.detail(), refusal.code());
    }

    /** The 403s, for callers outside JAX-RS (the MCP tools). */
    public static ApiException adminRequired() {
        return new ApiException(403, "ADMIN_REQUIRED", "Admin privileges required");
    }

    public static ApiException readOnly() {
        return new ApiException(403, "READ_ONLY", "Viewer credentials may only read");
    }

    /** Logged for operators (repeated refusals are worth noticing); the credentials never are. */
    private static Response refused(UriInfo uri, int status, String detail, String code) {
        LOG.infof("Refused /%s: %d %s", uri.getPath().replaceFirst("^/", ""), status, code);
        return problem(status, detail, code, null).build();
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
