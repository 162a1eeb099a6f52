package dev.vmnet.audit;

import dev.vmnet.common.Paging;
import dev.vmnet.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/audit")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {


    private final AuditRepository entries;

    public AuditResource(AuditRepository entries) {
        this.entries = entries;
    }

    @GET
    @Operation(operationId = "listAudit", summary = "Every recorded change, newest first",
            description = "Pages of 'limit' entries (100 by default); the next page's cursor is in X-Next-Cursor and Link.")
    @APIResponse(responseCode = "200", description = "Entries")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<List<AuditRecord>>> list(
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000") String limitText,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        int limit = Paging.limitOrDefault(limitText);
        long before = cursor == null ? Long.MAX_VALUE : Long.parseLong(Paging.decode(cursor, c -> c.matches("\\d{1,18}")));
        return entries.page(before, limit + 1).map(page -> Paging.page(page, limit, entry -> Long.toString(entry.id()),
                Function.identity(), uri));
    }
}
