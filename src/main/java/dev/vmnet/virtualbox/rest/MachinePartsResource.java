package dev.vmnet.virtualbox.rest;

import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.virtualbox.MachineAdapters;
import dev.vmnet.virtualbox.MachineDisks;
import dev.vmnet.virtualbox.MachineSnapshots;
import dev.vmnet.virtualbox.api.AdapterRequest;
import dev.vmnet.virtualbox.api.AdapterUpdated;
import dev.vmnet.virtualbox.api.AttachDiskRequest;
import dev.vmnet.virtualbox.api.Disk;
import dev.vmnet.virtualbox.api.DiskAttached;
import dev.vmnet.virtualbox.api.NetworkAdapter;
import dev.vmnet.virtualbox.api.RestoreRequest;
import dev.vmnet.virtualbox.api.RestoreResult;
import dev.vmnet.virtualbox.api.SnapshotInfo;
import dev.vmnet.virtualbox.api.SnapshotRequest;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Spec 004's snapshots, disks and network adapters of one VM. */
@Path("/api/v1/vms/{vm}")
@Tag(name = "VirtualBox")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
@APIResponse(responseCode = "401", description = "unauthorized")
@APIResponse(responseCode = "403", description = "forbidden")
@APIResponse(responseCode = "404", description = "vm_not_found")
@APIResponse(responseCode = "503", description = "service_unavailable: VirtualBox is not available on this host")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MachinePartsResource {

    private final MachineSnapshots snapshots;
    private final MachineDisks disks;
    private final MachineAdapters adapters;
    private final SecurityIdentity identity;

    public MachinePartsResource(MachineSnapshots snapshots, MachineDisks disks, MachineAdapters adapters, SecurityIdentity identity) {
        this.snapshots = snapshots;
        this.disks = disks;
        this.adapters = adapters;
        this.identity = identity;
    }

    @POST
    @Path("/snapshots")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "vboxTakeSnapshot", summary = "Take a snapshot (include_ram: live, without pausing a running VM)")
    @APIResponse(responseCode = "201", description = "Taken",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedSchemas.SnapshotInfoEnvelope.class)))
    @APIResponse(responseCode = "400", description = "invalid_request")
    @ResponseStatus(201)
    public Uni<Envelope<SnapshotInfo>> take(@PathParam("vm") String vm, SnapshotRequest body) {
        return snapshots.take(Caller.of(identity), vm, body).map(Envelope::of);
    }

    @GET
    @Path("/snapshots")
    @Operation(operationId = "vboxListSnapshots", summary = "The VM's snapshots, in tree order")
    @APIResponse(responseCode = "200", description = "Snapshots")
    public Uni<Envelope<List<SnapshotInfo>>> snapshots(@PathParam("vm") String vm) {
        return snapshots.list(Caller.of(identity), vm).map(Envelope::of);
    }

    @POST
    @Path("/snapshots/{snapshot}/restore")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "vboxRestoreSnapshot", summary = "Restore a snapshot of a powered-off or saved VM, and start it with start_vm")
    @APIResponse(responseCode = "200", description = "Restored")
    @APIResponse(responseCode = "409", description = "invalid_state: the VM runs")
    public Uni<Envelope<RestoreResult>> restore(@PathParam("vm") String vm, @PathParam("snapshot") String snapshot, RestoreRequest body) {
        return snapshots.restore(Caller.of(identity), vm, snapshot, body != null && Boolean.TRUE.equals(body.startVm())).map(Envelope::of);
    }

    @DELETE
    @Path("/snapshots/{snapshot}")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "vboxDeleteSnapshot", summary = "Delete a snapshot")
    @APIResponse(responseCode = "200", description = "Deleted")
    public Uni<Envelope<Map<String, String>>> deleteSnapshot(@PathParam("vm") String vm, @PathParam("snapshot") String snapshot) {
        return snapshots.delete(Caller.of(identity), vm, snapshot)
                .map(ignored -> Envelope.of(Map.of("snapshot_id", snapshot, "message", "Snapshot deleted")));
    }

    @GET
    @Path("/disks")
    @Operation(operationId = "vboxListDisks", summary = "The media attached to the VM")
    @APIResponse(responseCode = "200", description = "Disks")
    public Uni<Envelope<List<Disk>>> disks(@PathParam("vm") String vm) {
        return disks.list(Caller.of(identity), vm).map(Envelope::of);
    }

    @POST
    @Path("/disks")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "vboxAttachDisk", summary = "Attach a medium under VBOX_MEDIA_ROOT to a free port, creating a disk if asked")
    @APIResponse(responseCode = "201", description = "Attached",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedSchemas.DiskAttachedEnvelope.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: bad body, or a medium outside VBOX_MEDIA_ROOT")
    @APIResponse(responseCode = "409", description = "invalid_state: the port holds a medium")
    @ResponseStatus(201)
    public Uni<Envelope<DiskAttached>> attach(@PathParam("vm") String vm, AttachDiskRequest body) {
        return disks.attach(Caller.of(identity), vm, body).map(Envelope::of);
    }

    @GET
    @Path("/network-adapters")
    @Operation(operationId = "vboxListAdapters", summary = "The VM's network adapters, slot 0 to 7")
    @APIResponse(responseCode = "200", description = "Adapters")
    public Uni<Envelope<List<NetworkAdapter>>> adapters(@PathParam("vm") String vm) {
        return adapters.list(Caller.of(identity), vm).map(Envelope::of);
    }

    @PUT
    @Path("/network-adapters/{slot}")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "vboxConfigureAdapter", summary = "Change a network adapter of a powered-off VM")
    @APIResponse(responseCode = "200", description = "Updated")
    @APIResponse(responseCode = "400", description = "invalid_request")
    @APIResponse(responseCode = "409", description = "invalid_state: the VM is not powered off")
    public Uni<Envelope<AdapterUpdated>> configure(@PathParam("vm") String vm, @PathParam("slot") String slot, AdapterRequest body) {
        return adapters.configure(Caller.of(identity), vm, slot, body).map(Envelope::of);
    }
}
