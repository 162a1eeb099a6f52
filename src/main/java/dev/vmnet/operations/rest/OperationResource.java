package dev.vmnet.operations.rest;

import dev.vmnet.common.ApiException;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.operations.OperationService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/operations")
@Tag(name = "Operations", description = "Changes requested with Prefer: respond-async")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@Produces(MediaType.APPLICATION_JSON)
public class OperationResource {

    private final OperationService operations;
    private final SecurityIdentity identity;

    public OperationResource(OperationService operations, SecurityIdentity identity) {
        this.operations = operations;
        this.identity = identity;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Operation(operationId = "getOperation", summary = "The state of an asynchronous change",
            description = "pending until the router has committed or refused the change; then applied with the body the "
                    + "synchronous call answers, or failed with its problem. Only the caller that started it, or an admin, "
                    + "may read it.")
    @APIResponse(responseCode = "200", description = "The operation")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<dev.vmnet.operations.Operation> get(@PathParam("id") String id) {
        return operations.find(Caller.of(identity), parse(id));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("OPERATION_NOT_FOUND", "Operation not found");
        }
    }
}
