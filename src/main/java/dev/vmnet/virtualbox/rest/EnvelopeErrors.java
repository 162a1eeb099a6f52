package dev.vmnet.virtualbox.rest;

import dev.vmnet.common.Problem;
import dev.vmnet.virtualbox.MachineProblem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Errors under /api/v1 in spec 004's shape. Its own failures ({@link MachineProblem}) carry its
 * codes; every other problem the service answers there (credentials, roles, rate limit, bad JSON,
 * a refused network provision) is rewritten from problem+json by status, its own code kept in
 * {@code details.code}.
 */
public class EnvelopeErrors {

    public static final String BASE = "/api/v1/";

    @ServerExceptionMapper
    public Response machine(MachineProblem e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(Envelope.Failure.of(e.code(), e.detail(), e.details())).build();
    }

    @ServerResponseFilter
    public void rewrite(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().startsWith(BASE) && response.getEntity() instanceof Problem problem) {
            Map<String, Object> details = new LinkedHashMap<>();
            if (problem.code() != null) {
                details.put("code", problem.code());
            }
            if (problem.errors() != null && !problem.errors().isEmpty()) {
                details.put("fields", problem.errors());
            }
            response.setEntity(Envelope.Failure.of(code(problem.status()), problem.detail(), details), null, MediaType.APPLICATION_JSON_TYPE);
            if (problem.status() == 422) {
                // spec 004 answers every malformed request with invalid_request: 400
                response.setStatus(400);
            }
        }
    }

    /** Spec 004's code for an HTTP status (its table has no code for 429 and 503: these are ours). */
    static String code(int status) {
        return switch (status) {
            case 400, 405, 406, 415, 422 -> "invalid_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "invalid_state";
            case 429 -> "rate_limited";
            case 503 -> "service_unavailable";
            case 507 -> "insufficient_resources";
            default -> "operation_failed";
        };
    }
}
