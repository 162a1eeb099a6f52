package dev.vmnet.virtualbox;

import dev.vmnet.common.ApiException;
import dev.vmnet.identity.Caller;
import dev.vmnet.provisioning.api.ProvisionRequest;
import dev.vmnet.provisioning.api.VmOperations;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A VM's network on the router, through the same provisioning /v1 uses: its static DHCP mapping
 * and forwarded ports, under the VM's name, for the MAC VirtualBox gave its LAN adapter.
 */
@ApplicationScoped
public class MachineNetwork {

    private static final Logger LOG = Logger.getLogger(MachineNetwork.class);

    private final VmOperations operations;

    public MachineNetwork(VmOperations operations) {
        this.operations = operations;
    }

    /** What the router gives the VM: its address and one external port per kind. */
    public record Provisioned(String internalIp, Map<String, Integer> externalPorts) {}

    /** Provisions {@code name} for {@code mac} (VirtualBox's 12 hex digits). */
    public Uni<Provisioned> provision(Caller caller, String name, String mac, ProvisionRequest.IpRange ipRange,
            ProvisionRequest.PortRange portRange, String pool) {
        ProvisionRequest request = operations.valid(new ProvisionRequest(name, colons(mac), ipRange, portRange, pool));
        return operations.provision(caller, request)
                .map(result -> new Provisioned(result.body().internalIp(), result.body().externalPorts()));
    }

    /** The VM's network as the router has it, or null for a VM without one (or whose network was decommissioned). */
    public Uni<Provisioned> of(Caller caller, MachineRepository.Machine known) {
        if (known == null || !known.network()) {
            return Uni.createFrom().nullItem();
        }
        return operations.status(caller, known.name()).map(status -> {
                    Map<String, Integer> ports = new LinkedHashMap<>();
                    status.ports().forEach((kind, port) -> ports.put(kind, port.externalPort()));
                    return new Provisioned(status.internalIp(), ports);
                })
                .onFailure(ApiException.class).recoverWithNull();
    }

    /**
     * Decommissions the VM's network after VirtualBox deleted the VM. A refusal is reported, not
     * undone: the VM is gone, its network stays provisioned under its name (decommission it through
     * /v1/vms/{name}), and the answer says which side failed.
     */
    public Uni<Void> release(Caller caller, Machines.Target target) {
        if (target.known() == null || !target.known().network()) {
            return Uni.createFrom().voidItem();
        }
        return operations.decommission(caller, target.known().name()).replaceWithVoid()
                .onFailure(e -> e instanceof ApiException api && api.status() == 404).recoverWithNull()
                .onFailure().transform(e -> {
                    LOG.warnf("VM %s was deleted, but its network was not decommissioned: %s", target.name(), e.getMessage());
                    ApiException api = e instanceof ApiException known ? known : null;
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("vm_id", target.uuid());
                    details.put("vm_deleted", true);
                    details.put("network_released", false);
                    details.put("network_error", api != null ? api.code() + ": " + api.detail() : "unexpected error");
                    return new MachineProblem(api != null && api.status() == 503 ? 503 : 502, "operation_failed",
                            "The VM was deleted, but its network on the router was not released; decommission "
                                    + target.known().name() + " through /v1/vms", details);
                });
    }

    /** 080027AB12CD, as VirtualBox prints it (§21), to 08:00:27:ab:12:cd. */
    static String colons(String mac) {
        String lower = mac.toLowerCase(Locale.ROOT);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lower.length(); i += 2) {
            text.append(i == 0 ? "" : ":").append(lower, i, i + 2);
        }
        return text.toString();
    }
}
