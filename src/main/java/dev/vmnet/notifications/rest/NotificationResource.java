package dev.vmnet.notifications.rest;

import dev.vmnet.common.ApiException;
import dev.vmnet.common.Paging;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.notifications.DeliveryRepository;
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
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Spec 002's notification rules and their delivery history: each user its own, admins all. */
@Path("/v1/notifications")
@Tag(name = "Notifications", description = "Mails and webhooks on events")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NotificationResource {

    private final SubscriptionService subscriptions;
    private final SecurityIdentity identity;

    public NotificationResource(SubscriptionService subscriptions, SecurityIdentity identity) {
        this.subscriptions = subscriptions;
        this.identity = identity;
    }

    @POST
    @Path("/rules/")
    @Operation(operationId = "createNotificationRule", summary = "Mail or call a webhook on matching events",
            description = "The rule sees the events its user may read. A webhook rule's signing secret is in this answer only.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = RuleResponse.class)))
    @APIResponse(responseCode = "422", ref = "Invalid")
    @APIResponse(responseCode = "503", description = "MAIL_NOT_CONFIGURED (email) or SECRETS_NOT_CONFIGURED (webhook)")
    public Uni<RestResponse<RuleResponse>> create(@NotNull(message = "is required") RuleRequest body) {
        return subscriptions.createRule(Caller.of(identity), body.userId(), body.eventType(), body.resourceType(), body.deliveryMethod(),
                        body.target())
                .map(created -> RestResponse.status(RestResponse.Status.CREATED,
                        RuleResponse.of(created.subscription(), created.signingSecret())));
    }

    @GET
    @Path("/rules/")
    @Operation(operationId = "listNotificationRules", summary = "The caller's rules (every rule for admins), newest first")
    @APIResponse(responseCode = "200", description = "Rules",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = RuleResponse.class)))
    public Uni<RestResponse<List<RuleResponse>>> list(
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000") String limitText,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        int limit = Paging.limitOrDefault(limitText);
        return subscriptions.rules(Caller.of(identity), Paging.beforeId(cursor), limit + 1)
                .map(page -> Paging.page(page, limit, rule -> Long.toString(rule.id()), rule -> RuleResponse.of(rule, null), uri));
    }

    @GET
    @Path("/rules/{id}")
    @Operation(operationId = "getNotificationRule", summary = "One rule")
    @APIResponse(responseCode = "200", description = "The rule", content = @Content(schema = @Schema(implementation = RuleResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RuleResponse> get(@PathParam("id") String id) {
        return subscriptions.rule(Caller.of(identity), Paging.pathId(id)).map(rule -> RuleResponse.of(rule, null));
    }

    @DELETE
    @Path("/rules/{id}")
    @Operation(operationId = "deleteNotificationRule", summary = "Delete a rule; its history stays")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return subscriptions.deleteRule(Caller.of(identity), Paging.pathId(id)).map(done -> RestResponse.noContent());
    }

    @GET
    @Path("/history/")
    @Operation(operationId = "listNotificationHistory", summary = "Every delivery of the caller's rules and integrations, newest first",
            description = "Each with its rule (or integration), event, method, target, status, attempts and last error.")
    @APIResponse(responseCode = "200", description = "Deliveries",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = DeliveryRepository.Entry.class)))
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<List<DeliveryRepository.Entry>>> history(
            @QueryParam("rule_id") @Schema(type = SchemaType.INTEGER) String ruleId,
            @QueryParam("integration_id") @Schema(type = SchemaType.INTEGER) String integrationId,
            @QueryParam("status") @Schema(enumeration = {"pending", "delivered", "failed"}) String status,
            @QueryParam("since") @Schema(type = SchemaType.STRING, format = "date-time") String since,
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000") String limitText,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        int limit = Paging.limitOrDefault(limitText);
        return subscriptions.history(Caller.of(identity), optionalId("rule_id", ruleId), optionalId("integration_id", integrationId),
                        status, time(since), Paging.beforeId(cursor), limit + 1)
                .map(page -> Paging.page(page, limit, entry -> Long.toString(entry.id()), entry -> entry, uri));
    }

    private static Long optionalId(String name, String text) {
        if (text == null) {
            return null;
        }
        if (!text.matches("\\d{1,18}")) {
            throw ApiException.unprocessable("INVALID_QUERY", name + " must be a number");
        }
        return Long.parseLong(text);
    }

    private static OffsetDateTime time(String text) {
        try {
            return text == null ? null : OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.unprocessable("INVALID_QUERY", "since must be a date and time with offset, e.g. 2026-12-01T00:00:00Z");
        }
    }
}
