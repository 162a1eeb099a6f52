package dev.vmnet.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A caller that accepts problem+json reads JSON: its Accept also takes application/json, so it
 * gets the JSON answer instead of a 406. Generated clients send the media types an operation
 * declares, and some (openapi-generator's Java client) send only application/problem+json to an
 * operation whose answers they know only as errors.
 */
public class ProblemJsonAccept {

    @ServerRequestFilter(preMatching = true)
    public void acceptJson(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains(Problem.MEDIA_TYPE)) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, accept + ", " + MediaType.APPLICATION_JSON);
        }
    }
}
