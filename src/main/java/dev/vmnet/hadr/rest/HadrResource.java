package dev.vmnet.hadr.rest;

import dev.vmnet.hadr.HadrService;
import dev.vmnet.hadr.HadrStatus;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
    private final SecurityIdentity identity;

    public HadrResource(HadrService hadr, SecurityIdentity identity) {
        this.hadr = hadr;
        this.identity = identity;
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

    @POST
    @Path("/failover")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "failover", summary = "Make the standby (or the target) the active router, for every replica at once",
            description = "The target is first brought up to date (the log replayed, then repaired against the database); only then do"
                    + " changes go to it. Changes that arrive meanwhile wait, up to their queue timeout (then 503 ROUTER_BUSY).")
    @APIResponse(responseCode = "200", description = "The new status", content = @Content(schema = @Schema(implementation = HadrStatus.class)))
    @APIResponse(responseCode = "409", description = "ALREADY_ACTIVE, TARGET_UNREACHABLE (without force), TARGET_NOT_IN_SYNC, NO_STANDBY")
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<HadrStatus> failover(FailoverRequest body) {
        return hadr.failover(Caller.of(identity), body == null ? null : body.target(), body != null && Boolean.TRUE.equals(body.force()));
    }
}
