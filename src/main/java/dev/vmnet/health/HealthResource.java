package dev.vmnet.health;

import dev.vmnet.reconcile.DriftSummary;
import dev.vmnet.reconcile.Reconciler;
import dev.vmnet.router.RouterException;
import dev.vmnet.router.VyosClient;
import dev.vmnet.router.VyosDialect;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The spec's health check: the database and the router, each "ok" or what is wrong, and the drift
 * the last comparison of router and database found. The Kubernetes probes are /q/health/live,
 * /ready and /started; readiness does not depend on the router, so status reads keep working
 * while the router is away.
 */
@Path("/v1/health")
@PermitAll
@SecurityRequirementsSet
@Tag(name = "Health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;
    private final VyosClient router;
    private final VyosDialect dialect;
    private final Reconciler reconciler;

    public HealthResource(Pool pool, VyosClient router, VyosDialect dialect, Reconciler reconciler) {
        this.pool = pool;
        this.router = router;
        this.dialect = dialect;
        this.reconciler = reconciler;
    }

    /**
     * Drift is reported, not a 503: the service still works for every VM the drift leaves alone,
     * a repair fixes it, and taking every replica out of the load balancer would not.
     */
    public record Health(
            @Schema(enumeration = {"ok", "degraded"}) String status,
            @Schema(enumeration = {"ok", "unavailable"}) String db,
            @Schema(enumeration = {"ok", "unreachable", "unauthorized", "subnet_missing", "error"}) String vyos,
            @Schema(nullable = true, description = "Counts of the last comparison on this replica (start-up check, scheduled "
                    + "job, report or repair), null before the first; never read per call and never a reason for 503")
            DriftSummary drift) {}

    @GET
    @Operation(operationId = "getHealth", summary = "Health of the service, its database and the router")
    @APIResponse(responseCode = "200", description = "All parts ok")
    @APIResponse(responseCode = "503", description = "A part is down; the body says which",
            content = @Content(schema = @Schema(implementation = Health.class)))
    public Uni<RestResponse<Health>> health() {
        Uni<String> db = pool.query("SELECT 1").execute()
                .ifNoItem().after(TIMEOUT).fail()
                .map(rows -> "ok").onFailure().recoverWithItem("unavailable");
        Uni<String> vyos = router.exists(dialect.subnetPath())
                .ifNoItem().after(TIMEOUT).fail()
                .map(exists -> exists ? "ok" : "subnet_missing")
                .onFailure().recoverWithItem(HealthResource::routerProblem);
        return Uni.combine().all().unis(db, vyos).asTuple().map(parts -> {
            boolean ok = parts.getItem1().equals("ok") && parts.getItem2().equals("ok");
            Health health = new Health(ok ? "ok" : "degraded", parts.getItem1(), parts.getItem2(), reconciler.lastDrift());
            return RestResponse.status(ok ? RestResponse.Status.OK : RestResponse.Status.SERVICE_UNAVAILABLE, health);
        });
    }

    private static String routerProblem(Throwable failure) {
        if (failure instanceof RouterException e) {
            return switch (e.kind()) {
                case UNAUTHORIZED -> "unauthorized";
                case REJECTED, FAILED, REFUSED -> "error";
                default -> "unreachable";
            };
        }
        return "unreachable";
    }
}
