package dev.vmnet.vpn.rest;

import dev.vmnet.common.Paging;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.provisioning.Identifiers;
import dev.vmnet.router.VpnRouterConfig;
import dev.vmnet.vpn.StoredVpn;
import dev.vmnet.vpn.VpnConfigs;
import dev.vmnet.vpn.VpnRequest;
import dev.vmnet.vpn.VpnService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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

/** Spec 002's VPNs: users write their own, admins all, viewers read. */
@Path("/v1/vpn")
@Tag(name = "VPN", description = "WireGuard, IPsec and OpenVPN tunnels on the router")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VpnResource {

    private final VpnService vpns;
    private final VpnConfigs configs;
    private final SecurityIdentity identity;

    public VpnResource(VpnService vpns, VpnConfigs configs, SecurityIdentity identity) {
        this.vpns = vpns;
        this.configs = configs;
        this.identity = identity;
    }

    @POST
    @Path("/create")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "createVpn", summary = "Create a VPN on the router",
            description = "Secret fields (private_key, preshared_key, pre_shared_key) are write-only.")
    @APIResponse(responseCode = "201", description = "Created: the router holds the VPN",
            content = @Content(schema = @Schema(implementation = VpnResponse.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<RestResponse<VpnResponse>> create(@NotNull(message = "is required") VpnRequest body) {
        return vpns.create(Caller.of(identity), body).map(stored -> RestResponse.status(RestResponse.Status.CREATED,
                VpnResponse.of(stored, configs.view(stored), sharedSecret(stored))));
    }

    @GET
    @Path("/")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Operation(operationId = "listVpns", summary = "The caller's VPNs (every VPN for admins and viewers), ordered by name",
            description = "Pages of 'limit' VPNs (100 by default); the next page's cursor is in X-Next-Cursor and Link.")
    @APIResponse(responseCode = "200", description = "VPNs",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = VpnResponse.class)),
            headers = {@Header(name = "X-Next-Cursor", description = "Cursor of the next page, when there is one"),
                    @Header(name = "Link", description = "<...?limit=N&cursor=C>; rel=\"next\"")})
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<List<VpnResponse>>> list(
            @Parameter(description = "Page size, 1-" + Paging.MAX_LIMIT + "; 100 when absent")
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000") String limitText,
            @Parameter(description = "X-Next-Cursor of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        int limit = Paging.limitOrDefault(limitText);
        String after = cursor == null ? "" : Paging.decode(cursor, Identifiers::isName);
        return vpns.page(Caller.of(identity), after, limit + 1)
                .map(page -> Paging.page(page, limit, StoredVpn::name, this::response, uri));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Operation(operationId = "getVpn", summary = "One VPN")
    @APIResponse(responseCode = "200", description = "The VPN", content = @Content(schema = @Schema(implementation = VpnResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<VpnResponse> get(@PathParam("name") String name) {
        return vpns.get(Caller.of(identity), name).map(this::response);
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "updateVpn", summary = "Change a VPN's peers, allowed IPs, prefixes or keepalive",
            description = "The same body as create, whole; the type cannot change, and keys not given are kept.")
    @APIResponse(responseCode = "200", description = "The VPN as the router now holds it",
            content = @Content(schema = @Schema(implementation = VpnResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<VpnResponse> update(@PathParam("name") String name, @NotNull(message = "is required") VpnRequest body) {
        return vpns.update(Caller.of(identity), name, body).map(this::response);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "deleteVpn", summary = "Remove a VPN from the router")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "502", ref = "RouterRejected")
    @APIResponse(responseCode = "503", ref = "RouterUnavailable")
    public Uni<RestResponse<Void>> delete(@PathParam("name") String name) {
        return vpns.delete(Caller.of(identity), name).map(done -> RestResponse.noContent());
    }

    private VpnResponse response(StoredVpn stored) {
        return VpnResponse.of(stored, configs.view(stored), null);
    }

    /** The static key the service made for an OpenVPN tunnel without TLS: the create answer is the one place it is shown. */
    private String sharedSecret(StoredVpn stored) {
        return configs.config(stored) instanceof VpnRouterConfig.OpenVpn openVpn ? openVpn.sharedSecret() : null;
    }
}
