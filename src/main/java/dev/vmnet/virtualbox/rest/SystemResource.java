package dev.vmnet.virtualbox.rest;

import dev.vmnet.identity.Roles;
import dev.vmnet.virtualbox.VirtualBoxConfig;
import dev.vmnet.virtualbox.VirtualBoxHost;
import dev.vmnet.virtualbox.api.SystemInfo;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** GET /api/v1/system/info: the service, the host and VirtualBox, and the limits a create is held to. */
@Path("/api/v1/system/info")
@Tag(name = "VirtualBox")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

    static final String API_VERSION = "1.0";

    private final VirtualBoxHost host;
    private final VirtualBoxConfig config;
    private final String version;

    public SystemResource(VirtualBoxHost host, VirtualBoxConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "0") String version) {
        this.host = host;
        this.config = config;
        this.version = version;
    }

    @GET
    @Operation(operationId = "vboxSystemInfo", summary = "Service and API version, host, VirtualBox version, limits")
    @APIResponse(responseCode = "200", description = "The system")
    @APIResponse(responseCode = "401", description = "unauthorized")
    @APIResponse(responseCode = "403", description = "forbidden")
    @APIResponse(responseCode = "503", description = "service_unavailable: VirtualBox is not available on this host")
    public Uni<Envelope<SystemInfo>> info() {
        return host.version().chain(vbox -> host.hostInfo().map(info -> Envelope.of(new SystemInfo(version, API_VERSION,
                new SystemInfo.Host(info.os(), info.osVersion(), info.cpus(), info.memoryMb(), vbox.raw()),
                new SystemInfo.Limits(config.maxVms(), Math.min(config.maxMemoryPerVm(), info.memoryMb()),
                        Math.min(config.maxCpusPerVm(), info.cpus()))))));
    }
}
