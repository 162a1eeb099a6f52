package dev.vmnet.auth.rest;

import dev.vmnet.auth.ApiKeyService;
import dev.vmnet.auth.Caller;
import dev.vmnet.auth.Roles;
import dev.vmnet.auth.UserService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/auth")
@Tag(name = "Users", description = "Users, login and personal API keys")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final UserService users;
    private final ApiKeyService keys;
    private final SecurityIdentity identity;
    private final CurrentIdentityAssociation identities;

    public AuthResource(UserService users, ApiKeyService keys, SecurityIdentity identity, CurrentIdentityAssociation identities) {
        this.users = users;
        this.keys = keys;
        this.identity = identity;
        this.identities = identities;
    }

    @POST
    @Path("/users")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerUser", summary = "Register a user",
            description = "The first user becomes an admin. After that only an admin may register users, unless open "
                    + "registration is on (AUTH_OPEN_REGISTRATION), which never grants admin.")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<UserResponse>> register(@Valid @NotNull(message = "is required") RegisterRequest body) {
        Set<String> roles = body.roles() == null ? Set.of(Roles.USER) : Set.copyOf(body.roles());
        // open to anyone, so the credentials (if any) are resolved here rather than by a role check
        return identities.getDeferredIdentity()
                .chain(caller -> users.register(caller.isAnonymous() ? null : Caller.of(caller), body.username(), body.password(), roles))
                .map(user -> RestResponse.status(RestResponse.Status.CREATED, UserResponse.of(user)));
    }

    @POST
    @Path("/token")
    @PermitAll
    @SecurityRequirementsSet
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "login", summary = "Log in with username and password; answers a bearer token")
    @APIResponse(responseCode = "200", description = "A token")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    public Uni<TokenResponse> login(@Valid @NotNull(message = "is required") LoginRequest body) {
        return token(body.username(), body.password());
    }

    @POST
    @Path("/token")
    @PermitAll
    @SecurityRequirementsSet
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "loginForm", summary = "Log in with the OAuth2 password form (username, password)")
    @APIResponse(responseCode = "200", description = "A token")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    public Uni<TokenResponse> loginForm(@FormParam("username") @NotNull(message = "is required") String username,
            @FormParam("password") @NotNull(message = "is required") String password) {
        return token(username, password);
    }

    private Uni<TokenResponse> token(String username, String password) {
        return users.login(username, password).map(token -> new TokenResponse(token.token(), "bearer", token.expiresIn()));
    }

    @GET
    @Path("/users/me")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Operation(operationId = "getCurrentUser", summary = "The user behind the credentials")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<UserResponse> me() {
        return users.me(Caller.of(identity)).map(UserResponse::of);
    }

    @POST
    @Path("/users/me/api-keys")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createOwnApiKey", summary = "Create a personal API key; it carries your roles",
            description = "The key is in the answer once and never again.")
    @APIResponse(responseCode = "201", description = "Created; api_key holds the key",
            content = @Content(schema = @Schema(implementation = ApiKeyResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<ApiKeyResponse>> createOwnKey(@Valid ApiKeyRequest body) {
        ApiKeyRequest request = body == null ? new ApiKeyRequest(null, null, null, null) : body;
        return keys.createOwn(Caller.of(identity), request.description(), request.expiresInDays())
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, ApiKeyResponse.of(created.key(), created.value())));
    }

    @GET
    @Path("/users/me/api-keys")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Operation(operationId = "listOwnApiKeys", summary = "Your personal API keys (without their values)")
    @APIResponse(responseCode = "200", description = "The keys")
    public Uni<List<ApiKeyResponse>> ownKeys() {
        return keys.listOwn(Caller.of(identity)).map(list -> list.stream().map(key -> ApiKeyResponse.of(key, null)).toList());
    }

    @DELETE
    @Path("/users/me/api-keys/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "deleteOwnApiKey", summary = "Delete one of your personal API keys")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> deleteOwnKey(@PathParam("id") long id) {
        return keys.deleteOwn(Caller.of(identity), id).map(done -> RestResponse.noContent());
    }
}
