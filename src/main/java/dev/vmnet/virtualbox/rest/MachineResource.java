package dev.vmnet.virtualbox.rest;

import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.virtualbox.MachineCreation;
import dev.vmnet.virtualbox.MachineService;
import dev.vmnet.virtualbox.api.CreateMachineRequest;
import dev.vmnet.virtualbox.api.MachineAction;
import dev.vmnet.virtualbox.api.MachineDetails;
import dev.vmnet.virtualbox.api.MachineSummary;
import dev.vmnet.virtualbox.api.StartRequest;
import dev.vmnet.virtualbox.api.StopRequest;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Spec 004's VMs: VirtualBox through VBoxManage, with their network on the router. */
@Path("/api/v1/vms")
@Tag(name = "VirtualBox", description = "Spec 004: the VMs themselves, driven through VBoxManage")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
@APIResponse(responseCode = "401", description = "unauthorized")
@APIResponse(responseCode = "403", description = "forbidden")
@APIResponse(responseCode = "503", description = "service_unavailable: VirtualBox is not available on this host")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MachineResource {

    private final MachineService machines;
    private final MachineCreation creation;
    private final SecurityIdentity identity;

    public MachineResource(MachineService machines, MachineCreation creation, SecurityIdentity identity) {
        this.machines = machines;
        this.creation = creation;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "vboxListVms", summary = "The VMs the caller may see (every VM for admins and viewers)")
    @APIResponse(responseCode = "200", description = "VMs")
    public Uni<Envelope<List<MachineSummary>>> list() {
        return machines.list(Caller.of(identity)).map(Envelope::of);
    }

    @GET
    @Path("/{vm}")
    @Operation(operationId = "vboxGetVm", summary = "One VM by UUID or name, with its controllers, adapters and network")
    @APIResponse(responseCode = "200", description = "The VM")
    @APIResponse(responseCode = "404", description = "vm_not_found")
    public Uni<Envelope<MachineDetails>> get(@PathParam("vm") String vm) {
        return machines.get(Caller.of(identity), vm).map(Envelope::of);
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "vboxCreateVm", summary = "Create a VM (and, with provision_network, its network on the router)")
    @APIResponse(responseCode = "201", description = "Created, powered off",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "EnvelopeMachineAction")))
    @APIResponse(responseCode = "400", description = "invalid_request")
    @APIResponse(responseCode = "409", description = "invalid_state: the name is taken")
    @APIResponse(responseCode = "500", description = "operation_failed: VirtualBox refused a step; nothing was left behind")
    @APIResponse(responseCode = "507", description = "insufficient_resources")
    @ResponseStatus(201)
    public Uni<Envelope<MachineAction>> create(CreateMachineRequest body) {
        return creation.create(Caller.of(identity), body).map(Envelope::of);
    }

    @POST
    @Path("/{vm}/start")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "vboxStartVm", summary = "Start a VM, headless unless gui is asked for")
    @APIResponse(responseCode = "200", description = "Started")
    @APIResponse(responseCode = "404", description = "vm_not_found")
    @APIResponse(responseCode = "409", description = "vm_already_running")
    public Uni<Envelope<MachineAction>> start(@PathParam("vm") String vm, StartRequest body) {
        return machines.start(Caller.of(identity), vm, body == null || body.asHeadless()).map(Envelope::of);
    }

    @POST
    @Path("/{vm}/stop")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "vboxStopVm", summary = "Press the ACPI power button, or with force power the VM off")
    @APIResponse(responseCode = "200", description = "Stopping, or off")
    @APIResponse(responseCode = "404", description = "vm_not_found")
    @APIResponse(responseCode = "409", description = "vm_not_running")
    public Uni<Envelope<MachineAction>> stop(@PathParam("vm") String vm, StopRequest body) {
        return machines.stop(Caller.of(identity), vm, body != null && Boolean.TRUE.equals(body.force())).map(Envelope::of);
    }

    @DELETE
    @Path("/{vm}")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "vboxDeleteVm", summary = "Delete a powered-off VM with its disks, and decommission its network")
    @APIResponse(responseCode = "200", description = "Deleted")
    @APIResponse(responseCode = "404", description = "vm_not_found")
    @APIResponse(responseCode = "409", description = "invalid_state: the VM runs")
    @APIResponse(responseCode = "502", description = "operation_failed: the VM was deleted, its network was not released")
    public Uni<Envelope<MachineAction>> delete(@PathParam("vm") String vm) {
        return machines.delete(Caller.of(identity), vm).map(Envelope::of);
    }
}
