package dev.vmnet.auth.rest;

import dev.vmnet.auth.ApiKeyService;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The spec's admin key endpoints; a key is addressed by its value (as in the spec) or by its id. */
@Path("/v1/admin/api-keys")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Admin", description = "API keys, for admins")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "403", ref = "Forbidden")
public class ApiKeyAdminResource {

    private final ApiKeyService keys;
    private final SecurityIdentity identity;

    public ApiKeyAdminResource(ApiKeyService keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createApiKey", summary = "Create an API key", description = "The key is in this answer once and never again.")
    @APIResponse(responseCode = "201", description = "Created; api_key holds the key",
            content = @Content(schema = @Schema(implementation = ApiKeyResponse.class)))
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<ApiKeyResponse>> create(@Valid ApiKeyRequest body) {
        ApiKeyRequest request = body == null ? new ApiKeyRequest(null, null, null, null) : body;
        return keys.create(Caller.of(identity), request.username(), request.description(), Boolean.TRUE.equals(request.isAdmin()),
                        request.expiresInDays())
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, ApiKeyResponse.of(created.key(), created.value())));
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "Every API key (without its value)")
    @APIResponse(responseCode = "200", description = "The keys")
    public Uni<List<ApiKeyResponse>> list() {
        return keys.list().map(list -> list.stream().map(key -> ApiKeyResponse.of(key, null)).toList());
    }

    @GET
    @Path("/{key}")
    @Operation(operationId = "getApiKey", summary = "One API key")
    @APIResponse(responseCode = "200", description = "The key")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<ApiKeyResponse> get(@Parameter(description = "The key's value, or its numeric id") @PathParam("key") String key) {
        return keys.find(key).map(found -> ApiKeyResponse.of(found, null));
    }

    @PUT
    @Path("/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateApiKey", summary = "Change a key's description, admin flag or expiry")
    @APIResponse(responseCode = "200", description = "The key as it is now")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<ApiKeyResponse> update(@PathParam("key") String key, @Valid ApiKeyRequest body) {
        ApiKeyRequest request = body == null ? new ApiKeyRequest(null, null, null, null) : body;
        return keys.update(Caller.of(identity), key, request.description(), request.isAdmin(), request.expiresInDays())
                .map(updated -> ApiKeyResponse.of(updated, null));
    }

    @DELETE
    @Path("/{key}")
    @Operation(operationId = "deleteApiKey", summary = "Delete an API key")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> delete(@PathParam("key") String key) {
        return keys.delete(Caller.of(identity), key).map(done -> RestResponse.noContent());
    }
}
