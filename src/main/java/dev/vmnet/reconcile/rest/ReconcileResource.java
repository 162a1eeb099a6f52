package dev.vmnet.reconcile.rest;

import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.reconcile.DriftReport;
import dev.vmnet.reconcile.ReconcileRequest;
import dev.vmnet.reconcile.ReconcileResult;
import dev.vmnet.reconcile.Reconciler;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Reconciliation", description = "The router's owned config against the database")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@Produces(MediaType.APPLICATION_JSON)
public class ReconcileResource {

    private final Reconciler reconciler;
    private final SecurityIdentity identity;

    public ReconcileResource(Reconciler reconciler, SecurityIdentity identity) {
        this.reconciler = reconciler;
        this.identity = identity;
    }

    @GET
    @Path("/status/drift")
    @Operation(operationId = "getDrift", summary = "Drift between router and database",
            description = "Reads the router's NAT rules in the owned range and the shared network's static mappings while "
                    + "no commit runs, and lists what is missing on the router, unknown to the database, or different "
                    + "field by field. VMs with a change in flight are left out.")
    @APIResponse(responseCode = "200", description = "The comparison")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<DriftReport> drift() {
        return reconciler.reconcile(Caller.of(identity), false).map(ReconcileResult::drift);
    }

    @POST
    @Path("/admin/reconcile")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reconcile", summary = "Compare router and database; repair on request",
            description = "In repair mode, missing and different rules and mappings are put back as the database says, "
                    + "in one commit through the router writer; unknown ones are deleted only when "
                    + "reconcile.remove-unknown is on. After a repair, `drift` is what the router holds once repaired "
                    + "(read back) and `repaired` what the repair changed.")
    @APIResponse(responseCode = "200", description = "What was found and repaired")
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<ReconcileResult> reconcile(@Valid @NotNull(message = "is required") ReconcileRequest body) {
        return reconciler.reconcile(Caller.of(identity), body.mode() == ReconcileRequest.Mode.REPAIR);
    }
}
