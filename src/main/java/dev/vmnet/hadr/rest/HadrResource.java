package dev.vmnet.hadr.rest;

import dev.vmnet.hadr.HadrService;
import dev.vmnet.hadr.HadrStatus;
import dev.vmnet.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Spec 002's HA/DR: the active router and the standby that follows it. */
@Path("/v1/hadr")
@Tag(name = "HA/DR", description = "The active router and its standby")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@Produces(MediaType.APPLICATION_JSON)
public class HadrResource {

    private final HadrService hadr;

    public HadrResource(HadrService hadr) {
        this.hadr = hadr;
    }

    @GET
    @Path("/status")
    @Operation(operationId = "getHadrStatus", summary = "Mode, the active router, and each router against the database",
            description = "For each router: reachable, its last commit, in sync with the database (drift counts of the last"
                    + " comparison), the standby's lag (commits not yet replayed) and its last error")
    @APIResponse(responseCode = "200", description = "The status", content = @Content(schema = @Schema(implementation = HadrStatus.class)))
    public Uni<HadrStatus> status() {
        return hadr.status();
    }
}
