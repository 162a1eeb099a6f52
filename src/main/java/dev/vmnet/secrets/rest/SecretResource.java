package dev.vmnet.secrets.rest;

import dev.vmnet.common.Paging;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.secrets.SecretService;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Spec 002's secrets: values kept sealed, read back only by their owner or an admin. */
@Path("/v1/secrets")
@Tag(name = "Secrets", description = "Values kept encrypted, read back by their owner")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SecretResource {

    private static final String NOT_CONFIGURED = "SECRETS_NOT_CONFIGURED: no master key (SECRETS_MASTER_KEY) is configured";

    private final SecretService secrets;
    private final SecurityIdentity identity;

    public SecretResource(SecretService secrets, SecurityIdentity identity) {
        this.secrets = secrets;
        this.identity = identity;
    }

    @POST
    @Path("/")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "createSecret", summary = "Store a value, sealed under the master key; the answer has no value")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = SecretResponse.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "503", description = NOT_CONFIGURED)
    public Uni<RestResponse<SecretResponse>> create(@NotNull(message = "is required") SecretRequest body) {
        return secrets.create(Caller.of(identity), body.userId(), body.name(), body.type(), body.value(), body.isActive())
                .map(secret -> RestResponse.status(RestResponse.Status.CREATED, SecretResponse.of(secret)));
    }

    @GET
    @Path("/")
    @Operation(operationId = "listSecrets", summary = "The caller's secrets (every user's for admins), newest first, without values")
    @APIResponse(responseCode = "200", description = "Secrets",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = SecretResponse.class)))
    public Uni<RestResponse<List<SecretResponse>>> list(
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000") String limitText,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        int limit = Paging.limitOrDefault(limitText);
        return secrets.list(Caller.of(identity), Paging.beforeId(cursor), limit + 1)
                .map(page -> Paging.page(page, limit, secret -> Long.toString(secret.id()), SecretResponse::of, uri));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getSecret", summary = "One secret, without its value")
    @APIResponse(responseCode = "200", description = "The secret", content = @Content(schema = @Schema(implementation = SecretResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<SecretResponse> get(@PathParam("id") String id) {
        return secrets.get(Caller.of(identity), Paging.pathId(id)).map(SecretResponse::of);
    }

    @GET
    @Path("/{id}/value")
    @Operation(operationId = "getSecretValue", summary = "The value, for its owner or an admin; each read is audited (secret.read)")
    @APIResponse(responseCode = "200", description = "The value", content = @Content(schema = @Schema(implementation = SecretValueResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", description = "SECRET_INACTIVE: is_active is false")
    @APIResponse(responseCode = "503", description = NOT_CONFIGURED + "; SECRET_KEY_UNAVAILABLE: sealed under a key no longer configured")
    public Uni<SecretValueResponse> value(@PathParam("id") String id) {
        return secrets.value(Caller.of(identity), Paging.pathId(id)).map(v -> new SecretValueResponse(v.id(), v.name(), v.value()));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "updateSecret", summary = "A new value and/or is_active")
    @APIResponse(responseCode = "200", description = "The secret", content = @Content(schema = @Schema(implementation = SecretResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "503", description = NOT_CONFIGURED)
    public Uni<SecretResponse> update(@PathParam("id") String id, @NotNull(message = "is required") SecretUpdateRequest body) {
        return secrets.update(Caller.of(identity), Paging.pathId(id), body.value(), body.isActive()).map(SecretResponse::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "deleteSecret", summary = "Delete a secret")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return secrets.delete(Caller.of(identity), Paging.pathId(id)).map(done -> RestResponse.noContent());
    }
}
