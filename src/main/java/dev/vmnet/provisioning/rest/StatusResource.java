package dev.vmnet.provisioning.rest;

import dev.vmnet.common.ApiException;
import dev.vmnet.network.Network;
import dev.vmnet.provisioning.ProvisioningService;
import dev.vmnet.provisioning.Vm;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

@Path("/v1")
@Tag(name = "Status", description = "Port forwards as the router has them")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private static final int MAX_LIMIT = 1000;

    private final ProvisioningService service;
    private final Network network;

    public StatusResource(ProvisioningService service, Network network) {
        this.service = service;
        this.network = network;
    }

    @GET
    @Path("/status/vms/{machine_id}/ports")
    @Operation(operationId = "getVmPortsStatus", summary = "A VM's ports")
    @APIResponse(responseCode = "200", description = "The VM's ports")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<VmPortsStatus> vm(@PathParam("machine_id") String machineId) {
        VmResource.requireName(machineId);
        return service.find(machineId).map(vm -> VmPortsStatus.of(vm, network.kinds()));
    }

    @GET
    @Path("/status/ports")
    @Operation(operationId = "listPortsStatus", summary = "Every VM's ports",
            description = "All VMs ordered by machine_id. With 'limit', one page: the next page's cursor is in the "
                    + "X-Next-Cursor header and in a Link header with rel=\"next\".")
    @APIResponse(responseCode = "200", description = "VMs and their ports",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = VmPortsStatus.class)),
            headers = {@Header(name = "X-Next-Cursor", description = "Cursor of the next page, when there is one"),
                    @Header(name = "Link", description = "<...?limit=N&cursor=C>; rel=\"next\"")})
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<List<VmPortsStatus>>> all(
            @Parameter(description = "Page size, 1-" + MAX_LIMIT + "; all VMs when absent")
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_LIMIT) String limitText,
            @Parameter(description = "X-Next-Cursor of the previous page") @QueryParam("cursor") String cursor,
            @jakarta.ws.rs.core.Context UriInfo uri) {
        Integer limit = limitText == null ? null : parseLimit(limitText);
        String after = cursor == null ? "" : decode(cursor);
        int size = limit == null ? Integer.MAX_VALUE : limit;
        return service.list(after, limit == null ? size : size + 1).map(vms -> {
            boolean more = limit != null && vms.size() > limit;
            List<Vm> page = more ? vms.subList(0, limit) : vms;
            RestResponse.ResponseBuilder<List<VmPortsStatus>> response = RestResponse.ResponseBuilder
                    .ok(page.stream().map(vm -> VmPortsStatus.of(vm, network.kinds())).toList());
            if (more) {
                String next = encode(page.get(page.size() - 1).machineId());
                response.header("X-Next-Cursor", next).header("Link", "<" + uri.getRequestUriBuilder()
                        .replaceQueryParam("cursor", next).build() + ">; rel=\"next\"");
            }
            return response.build();
        });
    }

    @GET
    @Path("/ports/status")
    @Operation(operationId = "listPortsStatusAlias", summary = "Every VM's ports (same as /v1/status/ports)")
    @APIResponse(responseCode = "200", description = "VMs and their ports",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = VmPortsStatus.class)))
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<List<VmPortsStatus>>> allAlias(
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_LIMIT) String limitText,
            @QueryParam("cursor") String cursor,
            @jakarta.ws.rs.core.Context UriInfo uri) {
        return all(limitText, cursor, uri);
    }

    private static int parseLimit(String text) {
        if (text.matches("\\d{1,4}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= MAX_LIMIT) {
            return Integer.parseInt(text);
        }
        throw ApiException.unprocessable("INVALID_LIMIT", "limit must be an integer from 1 to " + MAX_LIMIT);
    }

    private static String encode(String machineId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(machineId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String machineId = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (dev.vmnet.provisioning.Identifiers.isName(machineId)) {
                return machineId;
            }
        } catch (IllegalArgumentException e) {
            // not base64: reported below
        }
        throw ApiException.unprocessable("INVALID_CURSOR", "cursor is not one this API returned");
    }
}
