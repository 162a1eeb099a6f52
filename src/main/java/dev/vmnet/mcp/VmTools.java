package dev.vmnet.mcp;

import dev.vmnet.auth.AuthProblems;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Paging;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.provisioning.Identifiers;
import dev.vmnet.provisioning.PortAction;
import dev.vmnet.provisioning.api.ProvisionRequest;
import dev.vmnet.provisioning.api.VmOperations;
import dev.vmnet.reconcile.ReconcileResult;
import dev.vmnet.reconcile.Reconciler;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service as MCP tools, over the same operations, credentials and ownership rules as the REST
 * API. Results are structured (the REST response bodies); a failure, a wrong argument too, is a
 * tool error whose structured content is the REST problem, with the same {@code code} ({@link ToolCalls}).
 */
public class VmTools {

    private static final int DEFAULT_PAGE = 100;

    private final VmOperations vms;
    private final Reconciler reconciler;
    private final SecurityIdentity identity;
    private final ToolCalls calls;

    public VmTools(VmOperations vms, Reconciler reconciler, SecurityIdentity identity, ToolCalls calls) {
        this.vms = vms;
        this.reconciler = reconciler;
        this.identity = identity;
        this.calls = calls;
    }

    @Tool(name = "provision_vm", description = """
            Give a VM its network on the VyOS router: an internal IP (a static DHCP mapping for its MAC) and one \
            external port per forwarded service (ssh, http, https), each a NAT rule to the VM. Returns machine_id, \
            internal_ip, external_ports (service -> external port) and nat_rule_base. Calling it again with the same \
            vm_name and mac_address returns the existing allocation; the same name with another MAC is a VM_EXISTS \
            error.""",
            annotations = @Tool.Annotations(title = "Provision a VM's network", readOnlyHint = false, destructiveHint = false,
                    idempotentHint = true, openWorldHint = false))
    @ToolGuardrails(input = ToolCalls.class, output = ToolCalls.class)
    Uni<ToolResponse> provisionVm(
            @ToolArg(name = "vm_name", description = "VM name, a DNS label of 1-63 letters, digits and inner hyphens; becomes its machine_id") String vmName,
            @ToolArg(name = "mac_address", description = "The VM's unicast MAC address, such as 00:11:22:33:44:AA") String macAddress,
            @ToolArg(name = "ip_range_base", description = "Optional: allocate the address from <base><start>..<base><end>, base being the first three octets such as 192.168.64.", required = false) String ipBase,
            @ToolArg(name = "ip_range_start", description = "Optional, with ip_range_base: last octet of the first address", required = false) Integer ipStart,
            @ToolArg(name = "ip_range_end", description = "Optional, with ip_range_base: last octet of the last address", required = false) Integer ipEnd,
            @ToolArg(name = "port_range_start", description = "Optional: lowest external port to allocate from", required = false) Integer portStart,
            @ToolArg(name = "port_range_end", description = "Optional, with port_range_start: highest external port", required = false) Integer portEnd,
            @ToolArg(name = "pool", description = "Optional: DHCP pool to provision into (its network gives the address)", required = false) String pool) {
        return calls.run(() -> {
            Caller caller = writer();
            ProvisionRequest request = vms.valid(new ProvisionRequest(vmName, macAddress,
                    ipBase == null && ipStart == null && ipEnd == null ? null : new ProvisionRequest.IpRange(ipBase, ipStart, ipEnd),
                    portStart == null && portEnd == null ? null : new ProvisionRequest.PortRange(portStart, portEnd), pool));
            return vms.provision(caller, request).map(VmOperations.Provisioned::body);
        });
    }

    @Tool(name = "decommission_vm", description = """
            Remove a VM's network: its static DHCP mapping and every NAT rule, then release its address and ports \
            for reuse. Cannot be undone; the VM must be provisioned again to get a network.""",
            annotations = @Tool.Annotations(title = "Decommission a VM's network", readOnlyHint = false, destructiveHint = true,
                    idempotentHint = false, openWorldHint = false))
    @ToolGuardrails(input = ToolCalls.class, output = ToolCalls.class)
    Uni<ToolResponse> decommissionVm(@ToolArg(name = "vm_name", description = "The VM's machine_id") String vmName) {
        return calls.run(() -> vms.decommission(writer(), vmName));
    }

    @Tool(name = "set_port_state", description = """
            Change a VM's port forwards. action: create (allocate an external port and add the rule), enable, \
            disable or pause (keep the port, stop forwarding), delete (remove the rule and release the port). \
            Acts on the named ports, or on every service (ssh, http, https) when ports is omitted. Returns each \
            port's status and external port afterwards.""",
            annotations = @Tool.Annotations(title = "Change a VM's port forwards", readOnlyHint = false, destructiveHint = true,
                    idempotentHint = true, openWorldHint = false))
    @ToolGuardrails(input = ToolCalls.class, output = ToolCalls.class)
    Uni<ToolResponse> setPortState(
            @ToolArg(name = "vm_name", description = "The VM's machine_id") String vmName,
            @ToolArg(name = "action", description = "One of create, enable, disable, pause, delete") String action,
            @ToolArg(name = "ports", description = "Optional: the services to act on, such as [\"ssh\"]; all when omitted", required = false) List<String> ports) {
        return calls.run(() -> vms.changePorts(writer(), vmName, ports, action(action)));
    }

    @Tool(name = "get_vm_status", description = "A VM's internal IP and each port forward: status (enabled, disabled, paused, not_active) and external port.",
            annotations = @Tool.Annotations(title = "A VM's network status", readOnlyHint = true, destructiveHint = false,
                    idempotentHint = true, openWorldHint = false))
    @ToolGuardrails(input = ToolCalls.class, output = ToolCalls.class)
    Uni<ToolResponse> getVmStatus(@ToolArg(name = "vm_name", description = "The VM's machine_id") String vmName) {
        return calls.run(() -> vms.status(Caller.of(identity), vmName));
    }

    @Tool(name = "list_vms", description = """
            The VMs the credentials may see (an admin sees all), ordered by machine_id, with their IPs and ports. \
            Pages of 'limit' (default 100); pass next_cursor from the result to get the next page.""",
            annotations = @Tool.Annotations(title = "List VMs", readOnlyHint = true, destructiveHint = false,
                    idempotentHint = true, openWorldHint = false))
    @ToolGuardrails(input = ToolCalls.class, output = ToolCalls.class)
    Uni<ToolResponse> listVms(
            @ToolArg(name = "limit", description = "Optional: page size, 1-" + Paging.MAX_LIMIT, required = false) Integer limit,
            @ToolArg(name = "cursor", description = "Optional: next_cursor of the previous page", required = false) String cursor) {
        return calls.run(() -> {
            int size = limit == null ? DEFAULT_PAGE : Paging.limit(limit.toString()); // the REST API's range check
            String after = cursor == null ? "" : Paging.decode(cursor, Identifiers::isName);
            return vms.list(Caller.of(identity), after, size + 1).map(page -> {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("vms", page.subList(0, Math.min(size, page.size())));
                result.put("next_cursor", page.size() > size ? Paging.encode(page.get(size - 1).machineId()) : null);
                return result;
            });
        });
    }

    @Tool(name = "get_drift", description = """
            Admin only. Compares the router's NAT rules (in this service's range) and static DHCP mappings with what \
            the service recorded: missing (recorded, not on the router), unknown (on the router, not recorded) and \
            different (field by field). in_sync is true when all three are empty.""",
            annotations = @Tool.Annotations(title = "Router drift", readOnlyHint = true, destructiveHint = false,
                    idempotentHint = true, openWorldHint = false))
    @ToolGuardrails(input = ToolCalls.class, output = ToolCalls.class)
    Uni<ToolResponse> getDrift() {
        return calls.run(() -> {
            Caller caller = Caller.of(identity);
            if (!caller.admin()) {
                throw AuthProblems.adminRequired();
            }
            return reconciler.reconcile(caller, false).map(ReconcileResult::drift);
        });
    }

    /** Viewers may only read, as on the REST API. */
    private Caller writer() {
        Caller caller = Caller.of(identity);
        if (!caller.roles().contains(Roles.ADMIN) && !caller.roles().contains(Roles.USER)) {
            throw AuthProblems.readOnly();
        }
        return caller;
    }

    private static PortAction action(String action) {
        try {
            return PortAction.valueOf(String.valueOf(action).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable("VALIDATION_FAILED",
                    "action: must be one of create, enable, disable, pause, delete");
        }
    }
}
