package dev.vmnet.provisioning.api;

import dev.vmnet.common.ApiException;
import dev.vmnet.identity.Caller;
import dev.vmnet.network.IpPool;
import dev.vmnet.network.Network;
import dev.vmnet.network.PortPool;
import dev.vmnet.provisioning.Identifiers;
import dev.vmnet.provisioning.PortAction;
import dev.vmnet.provisioning.DecommissionService;
import dev.vmnet.provisioning.PortService;
import dev.vmnet.provisioning.ProvisioningService;
import dev.vmnet.provisioning.Vm;
import dev.vmnet.provisioning.VmPort;
import dev.vmnet.provisioning.VmQueries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The VM operations as API callers see them, request bodies in and response bodies out: shared by
 * the REST resources and the MCP tools, so both validate and answer alike.
 */
@ApplicationScoped
public class VmOperations {

    private final ProvisioningService provisioning;
    private final PortService portActions;
    private final DecommissionService decommissioning;
    private final VmQueries queries;
    private final Network network;
    private final Validator validator;

    public VmOperations(ProvisioningService provisioning, PortService ports, DecommissionService decommissioning, VmQueries queries,
            Network network, Validator validator) {
        this.provisioning = provisioning;
        this.portActions = ports;
        this.decommissioning = decommissioning;
        this.queries = queries;
        this.network = network;
        this.validator = validator;
    }

    /** A provision's answer, and whether it created the VM (201) or found it (200). */
    public record Provisioned(ProvisionResponse body, boolean created) {}

    /** Checks a request that did not come through a validated resource parameter (MCP). */
    public <T> T valid(T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }

    public Uni<Provisioned> provision(Caller caller, ProvisionRequest body) {
        String mac = Identifiers.normalizeMac(body.macAddress());
        if (!Identifiers.isUnicastMac(mac)) {
            throw ApiException.unprocessable("INVALID_MAC", "mac_address must be a unicast MAC address");
        }
        IpPool ipPool = body.ipRange() == null ? null
                : network.ipPool(body.ipRange().base(), body.ipRange().start(), body.ipRange().end());
        PortPool portPool = body.portRange() == null ? null
                : network.portPool(body.portRange().start(), body.portRange().end());
        if (body.pool() != null && body.ipRange() != null) {
            throw ApiException.unprocessable("VALIDATION_FAILED", "ip_range and pool exclude each other: a pool's VMs get addresses of its network");
        }
        return provisioning.provision(caller, body.vmName(), mac, ipPool, portPool, body.pool())
                .map(result -> new Provisioned(toResponse(result.vm()), result.created()));
    }

    /** {@code action} on the named ports, or on every port kind when {@code ports} is null. */
    public Uni<PortActionResponse> changePorts(Caller caller, String machineId, List<String> ports, PortAction action) {
        requireName(machineId);
        return portActions.changePorts(caller, machineId, ports, action)
                .map(change -> new PortActionResponse("success", machineId, action, VmPortsStatus.ports(change.vm(), change.ports())));
    }

    public Uni<PortActionResponse> changePort(Caller caller, String machineId, String port, PortAction action) {
        requireName(machineId);
        return portActions.changePort(caller, machineId, port, action)
                .map(change -> new PortActionResponse("success", machineId, action, VmPortsStatus.ports(change.vm(), change.ports())));
    }

    public Uni<DecommissionResponse> decommission(Caller caller, String machineId) {
        requireName(machineId);
        return decommissioning.decommission(caller, machineId)
                .map(vm -> new DecommissionResponse("success", "VM " + vm.machineId() + " and all NAT rules removed"));
    }

    public Uni<VmPortsStatus> status(Caller caller, String machineId) {
        requireName(machineId);
        return queries.find(caller, machineId).map(vm -> VmPortsStatus.of(vm, network.kinds()));
    }

    /** The caller's VMs after {@code after} by machine_id, at most {@code limit}. */
    public Uni<List<VmPortsStatus>> list(Caller caller, String after, int limit) {
        return queries.list(caller, after, limit).map(vms -> vms.stream().map(vm -> VmPortsStatus.of(vm, network.kinds())).toList());
    }

    /** A name that breaks the naming rule cannot exist, and never reaches the database or the router. */
    public static void requireName(String machineId) {
        if (!Identifiers.isName(machineId)) {
            throw VmQueries.vmNotFound(machineId);
        }
    }

    private static ProvisionResponse toResponse(Vm vm) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (VmPort port : vm.ports()) {
            ports.put(port.name(), port.status().active() ? port.externalPort() : null);
        }
        return new ProvisionResponse("success", vm.machineId(), vm.macAddress(), vm.internalIp(), ports, vm.natRuleBase());
    }
}
