package dev.vmnet.provisioning.rest;

import dev.vmnet.provisioning.api.VmPortsStatus;
import dev.vmnet.provisioning.api.VmOperations;
import dev.vmnet.provisioning.api.TemplateActionRequest;
import dev.vmnet.provisioning.api.ProvisionResponse;
import dev.vmnet.provisioning.api.ProvisionRequest;
import dev.vmnet.provisioning.api.PortActionResponse;
import dev.vmnet.provisioning.api.PortActionRequest;
import dev.vmnet.provisioning.api.DecommissionResponse;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.operations.OperationKinds;
import dev.vmnet.operations.rest.Async;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/vms")
@Tag(name = "VMs", description = "Provision, port forwards and decommission; a non-admin sees and changes only its own VMs")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VmResource {

    private final VmOperations vms;
    private final SecurityIdentity identity;
    private final Async async;

    public VmResource(VmOperations vms, SecurityIdentity identity, Async async) {
        this.vms = vms;
        this.identity = identity;
        this.async = async;
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Path("/provision")
    @Operation(operationId = "provisionVm", summary = "Give a VM an address and its port forwards",
            description = "Allocates an internal IP, one external port per port kind and a block of NAT rule numbers, "
                    + "and writes the static DHCP mapping and the NAT rules in one router commit. Repeating the call "
                    + "with the same vm_name and MAC answers 200 with the existing allocation.")
    @APIResponse(responseCode = "201", description = "Provisioned",
            content = @Content(schema = @Schema(implementation = ProvisionResponse.class)))
    @APIResponse(responseCode = "200", description = "Already provisioned with this MAC address",
            content = @Content(schema = @Schema(implementation = ProvisionResponse.class)))
    @APIResponse(responseCode = "202", description = "Accepted (Prefer: respond-async); Location names the operation",
            content = @Content(schema = @Schema(implementation = OperationKinds.Provision.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "507", ref = "Exhausted")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<RestResponse<Object>> provision(@Valid @NotNull(message = "is required") ProvisionRequest body,
            @Parameter(description = Async.PREFER_DESCRIPTION) @HeaderParam("Prefer") String prefer) {
        Caller caller = Caller.of(identity);
        // checked before a 202 can be answered: bad input is refused at once either way
        Uni<VmOperations.Provisioned> provision = vms.provision(caller, body);
        return async.respond(prefer, caller, "provision", body.vmName(), () -> provision
                .map(result -> RestResponse.status(result.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                        result.body())));
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Path("/{machine_id}/ports/template")
    @Operation(operationId = "applyPortTemplate", summary = "Apply an action to several ports of a VM",
            description = "create, enable, disable, pause or delete the named ports, or all port kinds when 'ports' is absent.")
    @APIResponse(responseCode = "200", description = "Applied",
            content = @Content(schema = @Schema(implementation = PortActionResponse.class)))
    @APIResponse(responseCode = "202", description = "Accepted (Prefer: respond-async); Location names the operation",
            content = @Content(schema = @Schema(implementation = OperationKinds.PortTemplate.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "507", ref = "Exhausted")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<RestResponse<Object>> template(@PathParam("machine_id") String machineId,
            @Valid @NotNull(message = "is required") TemplateActionRequest body,
            @Parameter(description = Async.PREFER_DESCRIPTION) @HeaderParam("Prefer") String prefer) {
        VmOperations.requireName(machineId);
        Caller caller = Caller.of(identity);
        return async.respond(prefer, caller, "port_template", machineId,
                () -> vms.changePorts(caller, machineId, body.ports(), body.action()).map(RestResponse::ok));
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Path("/{machine_id}/ports/{port_name}")
    @Operation(operationId = "applyPortAction", summary = "Apply an action to one port of a VM")
    @APIResponse(responseCode = "200", description = "Applied",
            content = @Content(schema = @Schema(implementation = PortActionResponse.class)))
    @APIResponse(responseCode = "202", description = "Accepted (Prefer: respond-async); Location names the operation",
            content = @Content(schema = @Schema(implementation = OperationKinds.PortAction.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "507", ref = "Exhausted")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<RestResponse<Object>> port(@PathParam("machine_id") String machineId, @PathParam("port_name") String portName,
            @Valid @NotNull(message = "is required") PortActionRequest body,
            @Parameter(description = Async.PREFER_DESCRIPTION) @HeaderParam("Prefer") String prefer) {
        VmOperations.requireName(machineId);
        Caller caller = Caller.of(identity);
        return async.respond(prefer, caller, "port_action", machineId,
                () -> vms.changePort(caller, machineId, portName, body.action()).map(RestResponse::ok));
    }

    @DELETE
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Path("/{machine_id}/decommission")
    @Operation(operationId = "decommissionVm", summary = "Remove a VM's mapping and rules and release everything it held")
    @APIResponse(responseCode = "200", description = "Removed",
            content = @Content(schema = @Schema(implementation = DecommissionResponse.class)))
    @APIResponse(responseCode = "202", description = "Accepted (Prefer: respond-async); Location names the operation",
            content = @Content(schema = @Schema(implementation = OperationKinds.Decommission.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<RestResponse<Object>> decommission(@PathParam("machine_id") String machineId,
            @Parameter(description = Async.PREFER_DESCRIPTION) @HeaderParam("Prefer") String prefer) {
        VmOperations.requireName(machineId);
        Caller caller = Caller.of(identity);
        return async.respond(prefer, caller, "decommission", machineId,
                () -> vms.decommission(caller, machineId).map(RestResponse::ok));
    }

    @DELETE
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Path("/{machine_id}")
    @Operation(operationId = "deleteVm", summary = "Same as decommission")
    @APIResponse(responseCode = "200", description = "Removed",
            content = @Content(schema = @Schema(implementation = DecommissionResponse.class)))
    @APIResponse(responseCode = "202", description = "Accepted (Prefer: respond-async); Location names the operation",
            content = @Content(schema = @Schema(implementation = OperationKinds.Decommission.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<RestResponse<Object>> delete(@PathParam("machine_id") String machineId,
            @Parameter(description = Async.PREFER_DESCRIPTION) @HeaderParam("Prefer") String prefer) {
        return decommission(machineId, prefer);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Path("/{machine_id}/ports/status")
    @Operation(operationId = "getVmPortsStatusByVm", summary = "A VM's ports (same as /v1/status/vms/{machine_id}/ports)")
    @APIResponse(responseCode = "200", description = "The VM's ports")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<VmPortsStatus> status(@PathParam("machine_id") String machineId) {
        return vms.status(Caller.of(identity), machineId);
    }
}
