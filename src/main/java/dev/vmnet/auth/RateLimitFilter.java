package dev.vmnet.auth;

import dev.vmnet.identity.Caller;
import static dev.vmnet.common.ProblemMapper.problem;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Applies the rate limit per credential, on /v1 and spec 004's /api/v1 alike (per client address
 * for calls without one, and for calls whose credentials fail, which slows down guessing) and puts
 * X-RateLimit-* on every answer. It runs before resource matching, so before the role checks that
 * would otherwise answer a bad key first.
 */
public class RateLimitFilter {

    private static final String DECISION = "vmnet.rate-limit";

    private final RateLimiter limiter;
    private final CurrentIdentityAssociation identities;

    public RateLimitFilter(RateLimiter limiter, CurrentIdentityAssociation identities) {
        this.limiter = limiter;
        this.identities = identities;
    }

    @ServerRequestFilter(preMatching = true, priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public Uni<Response> limit(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!(path.startsWith("/v1/") || path.startsWith("/api/v1/")) || path.equals("/v1/health")) {
            return Uni.createFrom().nullItem();
        }
        String address = "address:" + http.remoteAddress().hostAddress();
        return identities.getDeferredIdentity()
                .map(identity -> decide(request, identity.isAnonymous() ? address : Caller.of(identity).actor()))
                .onFailure().recoverWithUni(failure -> {
                    Response refusal = decide(request, address);
                    return refusal != null ? Uni.createFrom().item(refusal) : Uni.createFrom().failure(failure);
                });
    }

    private Response decide(ContainerRequestContext request, String credential) {
        RateLimiter.Decision decision = limiter.take(credential);
        request.setProperty(DECISION, decision);
        if (decision.allowed()) {
            return null;
        }
        return problem(429, "Rate limit exceeded: " + limiter.describe(), "RATE_LIMIT_EXCEEDED", null)
                .header("Retry-After", decision.retryAfterSeconds())
                .build();
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimiter.Decision decision) {
            response.getHeaders().putSingle("X-RateLimit-Limit", decision.limit());
            response.getHeaders().putSingle("X-RateLimit-Remaining", decision.remaining());
            response.getHeaders().putSingle("X-RateLimit-Reset", decision.resetEpochSeconds());
        }
    }

}
