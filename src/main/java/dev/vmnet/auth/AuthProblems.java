package dev.vmnet.auth;

import dev.vmnet.common.ApiException;
import static dev.vmnet.common.ProblemMapper.problem;

import dev.vmnet.identity.Roles;
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
        return refused(uri, unauthenticated(e, headers.getHeaderString(ApiKeyAuthenticationMechanism.HEADER),
                headers.getHeaderString(HttpHeaders.AUTHORIZATION)));
    }

    /** No credentials on an endpoint that needs them. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpHeaders headers, UriInfo uri) {
        return refused(uri, unauthenticated(e, headers.getHeaderString(ApiKeyAuthenticationMechanism.HEADER),
                headers.getHeaderString(HttpHeaders.AUTHORIZATION)));
    }

    /**
     * The 401 for credentials that were refused ({@link AuthenticationFailedException}) or missing,
     * told from the request's X-API-Key and Authorization headers, or the 503 for a bearer token
     * while JWT is off. Also used outside JAX-RS (/mcp).
     */
    public static ApiException unauthenticated(Throwable failure, String apiKey, String authorization) {
        String token = bearer(authorization);
        if (failure instanceof AuthenticationFailedException) {
            if (ApiKeyIdentityProvider.EXPIRED.equals(failure.getMessage())) {
                return new ApiException(401, "EXPIRED_API_KEY", ApiKeyIdentityProvider.EXPIRED);
            }
            if (JwtOffIdentityProvider.JWT_OFF.equals(failure.getMessage())) {
                return jwtNotConfigured();
            }
            if (apiKey == null && token != null) {
                return new ApiException(401, "INVALID_JWT", "Invalid JWT token");
            }
        } else if (token != null && token.isBlank()) {
            return new ApiException(401, "MISSING_JWT", "Missing JWT token");
        }
        return new ApiException(401, "INVALID_API_KEY", ApiKeyIdentityProvider.INVALID);
    }

    /** Authenticated, but the endpoint needs more: admin, or (for a viewer) any change. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, SimpleResourceInfo resource, UriInfo uri) {
        RolesAllowed allowed = resource.getResourceClass() == null ? null : rolesAllowed(resource);
        return refused(uri, allowed != null && Set.of(allowed.value()).equals(Set.of(Roles.ADMIN)) ? adminRequired() : readOnly());
    }

    /** The 403s, for callers outside JAX-RS (the MCP tools). */
    public static ApiException adminRequired() {
        return new ApiException(403, "ADMIN_REQUIRED", "Admin privileges required");
    }

    public static ApiException readOnly() {
        return new ApiException(403, "READ_ONLY", "Viewer credentials may only read");
    }

    /** A user may change its own password, never its own roles. */
    public static ApiException ownRoles() {
        return new ApiException(403, "CANNOT_CHANGE_OWN_ROLES", "You cannot change your own roles: another admin can");
    }

    /** Login, or a bearer token, while no JWT key pair is configured (see {@link TokenService}). */
    public static ApiException jwtNotConfigured() {
        return new ApiException(503, "JWT_NOT_CONFIGURED", "JWT is not configured on this service: set "
                + TokenService.SIGN_KEY_VARIABLE + " and " + TokenService.VERIFY_KEY_VARIABLE
                + " (the PEM files of an RSA key pair) to use it, or call with an API key (X-API-Key)");
    }

    /** Logged for operators (repeated refusals are worth noticing); the credentials never are. */
    private static Response refused(UriInfo uri, ApiException refusal) {
        LOG.infof("Refused /%s: %d %s", uri.getPath().replaceFirst("^/", ""), refusal.status(), refusal.code());
        return problem(refusal.status(), refusal.detail(), refusal.code(), null).build();
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
    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null;
        }
        return authorization.substring(6).strip();
    }
}
