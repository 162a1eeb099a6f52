package dev.vmnet.notifications.rest;

import dev.vmnet.common.Paging;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.notifications.SubscriptionService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/** Spec 002's integrations: signed webhooks that get every event their owner may see. */
@Path("/v1/integrations")
@Tag(name = "Integrations", description = "Webhooks that receive events")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IntegrationResource {

    private final SubscriptionService subscriptions;
    private final SecurityIdentity identity;

    public IntegrationResource(SubscriptionService subscriptions, SecurityIdentity identity) {
        this.subscriptions = subscriptions;
        this.identity = identity;
    }

    @POST
    @Path("/")
    @Operation(operationId = "createIntegration", summary = "A webhook that receives every event its owner may see (or config.events)",
            description = "Deliveries are signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature);"
                    + " the signing secret is in this answer only. Header values are write-only.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = IntegrationResponse.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "503", description = "SECRETS_NOT_CONFIGURED: no master key to seal the signing secret with")
    public Uni<RestResponse<IntegrationResponse>> create(@NotNull(message = "is required") IntegrationRequest body) {
        return subscriptions.createIntegration(Caller.of(identity), body.userId(), body.name(), body.type(), body.target(),
                        body.isActive(), body.headers(), body.events())
                .map(created -> RestResponse.status(RestResponse.Status.CREATED,
                        IntegrationResponse.of(created.subscription(), created.signingSecret())));
    }

    @GET
    @Path("/")
    @Operation(operationId = "listIntegrations", summary = "The caller's integrations (every one for admins), newest first")
    @APIResponse(responseCode = "200", description = "Integrations",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = IntegrationResponse.class)))
    public Uni<RestResponse<List<IntegrationResponse>>> list(
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000") String limitText,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        int limit = Paging.limitOrDefault(limitText);
        return subscriptions.integrations(Caller.of(identity), Paging.beforeId(cursor), limit + 1)
                .map(page -> Paging.page(page, limit, integration -> Long.toString(integration.id()),
                        integration -> IntegrationResponse.of(integration, null), uri));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getIntegration", summary = "One integration")
    @APIResponse(responseCode = "200", description = "The integration",
            content = @Content(schema = @Schema(implementation = IntegrationResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<IntegrationResponse> get(@PathParam("id") String id) {
        return subscriptions.integration(Caller.of(identity), Paging.pathId(id))
                .map(integration -> IntegrationResponse.of(integration, null));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteIntegration", summary = "Delete an integration; its history stays")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return subscriptions.deleteIntegration(Caller.of(identity), Paging.pathId(id)).map(done -> RestResponse.noContent());
    }
}
