package dev.vmnet.router;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The VyOS HTTP API on the wire: form fields {@code data} (JSON) and {@code key}. Bodies are JSON
 * sent as text/html, and errors arrive as HTML pages from nginx, so answers are read as text.
 * Only {@link VyosClient} uses this.
 */
@Path("/")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.WILDCARD)
interface VyosApi {

    @POST
    @Path("configure")
    Uni<Response> configure(@FormParam("data") String data, @FormParam("key") String key);

    /** The same endpoint with a JSON body carrying the key: the only form that keeps confirm_time (docs/vyos-router.md §3.5). */
    @POST
    @Path("configure")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> configureJson(String body);

    @POST
    @Path("retrieve")
    Uni<Response> retrieve(@FormParam("data") String data, @FormParam("key") String key);

    @POST
    @Path("show")
    Uni<Response> show(@FormParam("data") String data, @FormParam("key") String key);

    @POST
    @Path("config-file")
    Uni<Response> configFile(@FormParam("data") String data, @FormParam("key") String key);
}
