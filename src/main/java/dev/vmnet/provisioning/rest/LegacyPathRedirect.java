package dev.vmnet.provisioning.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The oldest API reference had no version prefix (/vms/..., /ports/status, /mcp/provision,
 * /mcp/decommission). Those paths answer 308 to their /v1 twin: clients follow it with the same
 * method and body. (/mcp itself is the Model Context Protocol endpoint.)
 */
public class LegacyPathRedirect {

    /** Before anything else (rate limits, authentication): the /v1 twin does those. */
    @ServerRequestFilter(preMatching = true, priority = 100)
    public Response redirect(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/vms/") && !path.equals("/ports/status") && !path.equals("/mcp/provision")
                && !path.equals("/mcp/decommission")) {
            return null;
        }
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        return Response.status(308).location(URI.create("/v1" + path + (query == null ? "" : "?" + query))).build();
    }
}
