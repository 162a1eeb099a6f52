package dev.vmnet.analytics;

import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Spec 002's analytics. */
@Path("/v1/analytics")
@Tag(name = "Analytics", description = "Usage now and activity over time")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
@APIResponse(responseCode = "401", ref = "Unauthorized")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    private final AnalyticsService analytics;
    private final SecurityIdentity identity;

    public AnalyticsResource(AnalyticsService analytics, SecurityIdentity identity) {
        this.analytics = analytics;
        this.identity = identity;
    }

    @GET
    @Path("/usage")
    @Operation(operationId = "getUsage", summary = "The pools' use now, and VMs, ports, VPNs, keys and users",
            description = "Admins and viewers see all; any other caller its own counts. The pools are shared, so everyone sees them.")
    @APIResponse(responseCode = "200", description = "Usage", content = @Content(schema = @Schema(implementation = Usage.class)))
    public Uni<Usage> usage() {
        return analytics.usage(Caller.of(identity));
    }

    @GET
    @Path("/activity")
    @Operation(operationId = "getActivity", summary = "Changes per hour or day by action and result, top actors, failures by code",
            description = "From the audit log. Admins and viewers see every change; any other caller its own.")
    @APIResponse(responseCode = "200", description = "Activity", content = @Content(schema = @Schema(implementation = Activity.class)))
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<Activity> activity(
            @Parameter(description = "Start, inclusive (ISO 8601 with offset); 7 days (or, by hour, 24 hours) before 'to' by default")
            @QueryParam("from") @Schema(type = SchemaType.STRING, format = "date-time") String from,
            @Parameter(description = "End, exclusive; now by default") @QueryParam("to") @Schema(type = SchemaType.STRING, format = "date-time")
            String to,
            @QueryParam("bucket") @Schema(enumeration = {"hour", "day"}, defaultValue = "day") String bucket) {
        return analytics.activity(Caller.of(identity), from, to, bucket);
    }
}
