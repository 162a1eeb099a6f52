package dev.vmnet.mcp.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.audit.AuditLog;
import dev.vmnet.common.ApiException;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.provisioning.api.ProvisionRequest;
import dev.vmnet.provisioning.api.VmOperations;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The spec's MCP-style endpoints: a context and an input (or resource) in, the context and the
 * output out. They do what /v1/vms/provision and decommission do; the context goes to the audit
 * log. Agents that speak the Model Context Protocol itself use /mcp.
 */
@Path("/v1/mcp")
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Tag(name = "MCP", description = "Context-carrying provision and decommission (the Model Context Protocol itself is at /mcp)")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "422", ref = "Invalid")
@APIResponse(responseCode = "502", ref = "RouterRejected")
@APIResponse(responseCode = "503", ref = "RouterUnavailable")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class McpRestResource {

    /** A context is for tracing a request, not for storing documents. */
    static final int MAX_CONTEXT_BYTES = 4096;

    private final VmOperations vms;
    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public McpRestResource(VmOperations vms, AuditLog audit, SecurityIdentity identity, ObjectMapper json) {
        this.vms = vms;
        this.audit = audit;
        this.identity = identity;
        this.json = json;
    }

    @POST
    @Path("/provision")
    @Operation(operationId = "mcpProvision", summary = "Provision a VM's network, with a context",
            description = "Either input (a provision request) or resource {type: vm, spec}. 201 when created, 200 when the "
                    + "same name and MAC already exist; output is the provision answer.")
    @APIResponse(responseCode = "201", description = "Provisioned",
            content = @Content(schema = @Schema(implementation = McpProvisionResponse.class)))
    @APIResponse(responseCode = "200", description = "Already provisioned with this MAC address",
            content = @Content(schema = @Schema(implementation = McpProvisionResponse.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "507", ref = "Exhausted")
    public Uni<RestResponse<McpProvisionResponse>> provision(@Valid @NotNull(message = "is required") McpProvisionRequest body) {
        ProvisionRequest request = vms.valid(exactlyOne(body.input(), body.resource()) instanceof ProvisionRequest input
                ? input : fromSpec(vm(body.resource())));
        Caller caller = Caller.of(identity);
        return audit.record(caller, "mcp.provision", request.vmName(), vms.provision(caller, request), detail(body.context()))
                .map(result -> RestResponse.status(result.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                        new McpProvisionResponse(body.context(), result.body())));
    }

    @POST
    @Path("/decommission")
    @Operation(operationId = "mcpDecommission", summary = "Decommission a VM's network, with a context",
            description = "Either input {vm_name or machine_id} or resource {type: vm, spec: {name, vm_name or machine_id}}; "
                    + "output is the decommission answer.")
    @APIResponse(responseCode = "200", description = "Removed")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<McpDecommissionResponse> decommission(@Valid @NotNull(message = "is required") McpDecommissionRequest body) {
        String name = exactlyOne(body.input(), body.resource()) instanceof McpDecommissionRequest.Input input
                ? onlyOne("input: exactly one of vm_name and machine_id is required", input.vmName(), input.machineId())
                : specName(vm(body.resource()));
        Caller caller = Caller.of(identity);
        return audit.record(caller, "mcp.decommission", name, vms.decommission(caller, name), detail(body.context()))
                .map(output -> new McpDecommissionResponse(body.context(), output));
    }

    private static Object exactlyOne(Object input, McpResourceSpec resource) {
        if ((input == null) == (resource == null)) {
            throw invalid("exactly one of input and resource is required");
        }
        return input != null ? input : resource;
    }

    private static ObjectNode vm(McpResourceSpec resource) {
        if (!"vm".equals(resource.type())) {
            throw invalid("resource.type: only \"vm\" is supported");
        }
        return resource.spec();
    }

    /** The VM to decommission, named as a provision spec names it (name, vm_name) or as the REST paths do (machine_id). */
    private String specName(ObjectNode spec) {
        String name = onlyOne("resource.spec: exactly one of name, vm_name and machine_id is required",
                text(spec, "name"), text(spec, "vm_name"), text(spec, "machine_id"));
        return vms.valid(new McpDecommissionRequest.Input(name, null)).vmName();
    }

    private static String onlyOne(String detail, String... names) {
        List<String> given = Arrays.stream(names).filter(Objects::nonNull).toList();
        if (given.size() != 1) {
            throw invalid(detail);
        }
        return given.get(0);
    }

    /** The spec's VM, in the provision request's terms; what describes the VM itself (cpu, ram) is not this service's. */
    private ProvisionRequest fromSpec(ObjectNode spec) {
        try {
            ObjectNode request = json.createObjectNode();
            request.put("vm_name", text(spec, "name", "vm_name"));
            request.put("mac_address", text(spec, "mac", "mac_address"));
            request.set("ip_range", spec.get("ip_range"));
            request.set("port_range", spec.get("port_range"));
            return json.treeToValue(request, ProvisionRequest.class);
        } catch (JsonProcessingException e) {
            throw invalid("resource.spec: " + e.getOriginalMessage());
        }
    }

    private static String text(ObjectNode spec, String name, String alias) {
        return text(spec, spec.has(name) ? name : alias);
    }

    private static String text(ObjectNode spec, String name) {
        var value = spec.get(name);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw invalid("resource.spec." + name + ": must be a string");
        }
        return value == null || value.isNull() ? null : value.asText();
    }

    private String detail(ObjectNode context) {
        if (context == null) {
            return null;
        }
        String text = context.toString();
        if (text.length() > MAX_CONTEXT_BYTES) {
            throw invalid("context: at most " + MAX_CONTEXT_BYTES + " characters of JSON");
        }
        return "context " + text;
    }

    private static ApiException invalid(String detail) {
        return ApiException.unprocessable("VALIDATION_FAILED", detail);
    }
}
