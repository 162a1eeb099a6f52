package dev.vmnet.dhcp.rest;

import dev.vmnet.common.Paging;
import dev.vmnet.dhcp.PoolRequest;
import dev.vmnet.dhcp.PoolService;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.provisioning.Identifiers;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Spec 002's DHCP pools: admins write, every authenticated caller reads. */
@Path("/v1/dhcp-pools")
@Tag(name = "DHCP pools", description = "DHCP pools on the router, each its own shared network")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PoolResource {


    private final PoolService pools;
    private final SecurityIdentity identity;

    public PoolResource(PoolService pools, SecurityIdentity identity) {
        this.pools = pools;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createDhcpPool", summary = "Create a DHCP pool on the router")
    @APIResponse(responseCode = "201", description = "Created: the router holds the pool",
            content = @Content(schema = @Schema(implementation = PoolResponse.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<RestResponse<PoolResponse>> create(@Valid @NotNull(message = "is required") PoolRequest body) {
        return pools.create(Caller.of(identity), body)
                .map(stored -> RestResponse.status(RestResponse.Status.CREATED, PoolResponse.of(stored)));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Operation(operationId = "listDhcpPools", summary = "Every DHCP pool, ordered by name",
            description = "Pages of 'limit' pools (100 by default); the next page's cursor is in X-Next-Cursor and Link.")
    @APIResponse(responseCode = "200", description = "Pools",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PoolResponse.class)),
            headers = {@Header(name = "X-Next-Cursor", description = "Cursor of the next page, when there is one"),
                    @Header(name = "Link", description = "<...?limit=N&cursor=C>; rel=\"next\"")})
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<List<PoolResponse>>> list(
            @Parameter(description = "Page size, 1-" + Paging.MAX_LIMIT + "; 100 when absent")
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000") String limitText,
            @Parameter(description = "X-Next-Cursor of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        int limit = Paging.limitOrDefault(limitText);
        String after = cursor == null ? "" : Paging.decode(cursor, Identifiers::isName);
        return pools.page(after, limit + 1)
                .map(page -> Paging.page(page, limit, stored -> stored.pool().name(), PoolResponse::of, uri));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Operation(operationId = "getDhcpPool", summary = "One DHCP pool")
    @APIResponse(responseCode = "200", description = "The pool", content = @Content(schema = @Schema(implementation = PoolResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<PoolResponse> get(@PathParam("name") String name) {
        return pools.get(name).map(PoolResponse::of);
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "updateDhcpPool", summary = "Change a DHCP pool",
            description = "The same body as create; a name in the body must be the path's.")
    @APIResponse(responseCode = "200", description = "The pool as the router now holds it",
            content = @Content(schema = @Schema(implementation = PoolResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<PoolResponse> update(@PathParam("name") String name, @Valid @NotNull(message = "is required") PoolRequest body) {
        return pools.update(Caller.of(identity), name, body).map(PoolResponse::of);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "deleteDhcpPool", summary = "Delete a DHCP pool from the router")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<RestResponse<Void>> delete(@PathParam("name") String name) {
        return pools.delete(Caller.of(identity), name).map(done -> RestResponse.noContent());
    }
}
