package dev.vmnet.provisioning.rest;

import dev.vmnet.provisioning.api.VmPortsStatus;
import dev.vmnet.provisioning.api.VmOperations;
import dev.vmnet.common.Paging;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.provisioning.Identifiers;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1")
@Tag(name = "Status", description = "Port forwards as the router has them")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final VmOperations vms;
    private final SecurityIdentity identity;

    public StatusResource(VmOperations vms, SecurityIdentity identity) {
        this.vms = vms;
        this.identity = identity;
    }

    @GET
    @Path("/status/vms/{machine_id}/ports")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Operation(operationId = "getVmPortsStatus", summary = "A VM's ports")
    @APIResponse(responseCode = "200", description = "The VM's ports")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<VmPortsStatus> vm(@PathParam("machine_id") String machineId) {
        return vms.status(Caller.of(identity), machineId);
    }

    @GET
    @Path("/status/ports")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Operation(operationId = "listPortsStatus", summary = "Every VM's ports",
            description = "All the caller's VMs (every VM for an admin) ordered by machine_id. With 'limit', one page: "
                    + "the next page's cursor is in the X-Next-Cursor header and in a Link header with rel=\"next\".")
    @APIResponse(responseCode = "200", description = "VMs and their ports",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = VmPortsStatus.class)),
            headers = {@Header(name = "X-Next-Cursor", description = "Cursor of the next page, when there is one"),
                    @Header(name = "Link", description = "<...?limit=N&cursor=C>; rel=\"next\"")})
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<List<VmPortsStatus>>> all(
            @Parameter(description = "Page size, 1-" + Paging.MAX_LIMIT + "; all VMs when absent")
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000") String limitText,
            @Parameter(description = "X-Next-Cursor of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        Integer limit = Paging.limit(limitText);
        String after = cursor == null ? "" : Paging.decode(cursor, Identifiers::isName);
        return vms.list(Caller.of(identity), after, limit == null ? Integer.MAX_VALUE : limit + 1)
                .map(page -> Paging.page(page, limit, VmPortsStatus::machineId, Function.identity(), uri));
    }

    @GET
    @Path("/ports/status")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Operation(operationId = "listPortsStatusAlias", summary = "Every VM's ports (same as /v1/status/ports)")
    @APIResponse(responseCode = "200", description = "VMs and their ports",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = VmPortsStatus.class)))
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<List<VmPortsStatus>>> allAlias(
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000") String limitText,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        return all(limitText, cursor, uri);
    }
}
