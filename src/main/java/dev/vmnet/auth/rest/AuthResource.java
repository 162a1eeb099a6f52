package dev.vmnet.auth.rest;

import dev.vmnet.auth.ApiKeyService;
import dev.vmnet.auth.UserService;
import dev.vmnet.common.Paging;
import dev.vmnet.common.Problem;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/auth")
@Tag(name = "Users", description = "Users, login and personal API keys")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {


    private static final String JWT_OFF = "JWT_NOT_CONFIGURED: no JWT key pair is configured; API keys still work";

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
    @APIResponse(responseCode = "503", description = JWT_OFF, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
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
    @APIResponse(responseCode = "503", description = JWT_OFF, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<TokenResponse> loginForm(@FormParam("username") @NotNull(message = "is required") String username,
            @FormParam("password") @NotNull(message = "is required") String password) {
        return token(username, password);
    }

    private Uni<TokenResponse> token(String username, String password) {
        return users.login(username, password).map(token -> new TokenResponse(token.token(), "bearer", token.expiresIn()));
    }

    @GET
    @Path("/users")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listUsers", summary = "Every user, ordered by username",
            description = "Pages of 'limit' users (100 by default); the next page's cursor is in X-Next-Cursor and Link.")
    @APIResponse(responseCode = "200", description = "Users",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = UserResponse.class)),
            headers = {@Header(name = "X-Next-Cursor", description = "Cursor of the next page, when there is one"),
                    @Header(name = "Link", description = "<...?limit=N&cursor=C>; rel=\"next\"")})
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<List<UserResponse>>> listUsers(
            @Parameter(description = "Page size, 1-" + Paging.MAX_LIMIT + "; 100 when absent")
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000") String limitText,
            @Parameter(description = "X-Next-Cursor of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        int limit = Paging.limitOrDefault(limitText);
        String after = cursor == null ? "" : Paging.decode(cursor, RegisterRequest::isUsername);
        return users.list(after, limit + 1).map(page -> Paging.page(page, limit, user -> user.username, UserResponse::of, uri));
    }

    @PUT
    @Path("/users/{username}")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateUser", summary = "Change a user's password and/or roles",
            description = "An admin changes any user; a user only its own password. Nobody changes its own roles, and "
                    + "the last admin keeps the admin role.")
    @APIResponse(responseCode = "200", description = "The user as it is now")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<UserResponse> updateUser(@PathParam("username") String username,
            @Valid @NotNull(message = "is required") UpdateUserRequest body) {
        return users.update(Caller.of(identity), username, body.password(), body.roles() == null ? null : Set.copyOf(body.roles()))
                .map(UserResponse::of);
    }

    @DELETE
    @Path("/users/{username}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "deleteUser", summary = "Remove a user and its personal API keys",
            description = "Its VMs stay, owned by the removed user's name: admins see and manage them. Not the last admin.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<Void>> deleteUser(@PathParam("username") String username) {
        return users.delete(Caller.of(identity), username).map(done -> RestResponse.noContent());
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
