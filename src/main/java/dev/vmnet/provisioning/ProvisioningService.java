package dev.vmnet.provisioning;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.change.ChangeConfig;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.identity.Caller;
import dev.vmnet.network.IpPool;
import dev.vmnet.network.Ipv4;
import dev.vmnet.network.Network;
import dev.vmnet.network.PortPool;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.VmRouterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Provision: a VM's address, ports and rule block, allocated and written to the router (the shape
 * every VM change shares is in {@link VmChanges}; port actions, decommission and status are
 * {@link PortService}, {@link DecommissionService} and {@link VmQueries}).
 */
@ApplicationScoped
public class ProvisioningService {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Transactions transactions;
    private final VmRepository vms;
    private final VmAllocator allocator;
    private final VmChanges changes;
    private final Network network;
    private final ChangeConfig config;
    private final AuditLog audit;
    private final Timer allocationTime;

    public ProvisioningService(Transactions transactions, VmRepository vms, VmAllocator allocator, VmChanges changes,
            Network network, ChangeConfig config, AuditLog audit, MeterRegistry registry) {
        this.transactions = transactions;
        this.vms = vms;
        this.allocator = allocator;
        this.changes = changes;
        this.network = network;
        this.config = config;
        this.audit = audit;
        this.allocationTime = Timer.builder("vm.allocation")
                .description("Time from asking for a VM's address, ports and rule block to having them stored, retries included")
                .register(registry);
    }

    public record Provisioned(Vm vm, boolean created) {}

    /**
     * Gives the VM an address, one external port per port kind and a block of NAT rule numbers, and
     * writes them to the router. The same name with the same MAC answers the existing allocation.
     * {@code ipPool} and {@code portPool} are the ranges the caller asked for, null for the defaults;
     * {@code dhcpPool} the DHCP pool it asked to be provisioned into, null for the service's subnet.
     */
    public Uni<Provisioned> provision(Caller caller, String name, String mac, IpPool ipPool, PortPool portPool, String dhcpPool) {
        return audit.record(caller, "vm.provision", name, changes.announced(coming -> provision(caller, name, mac, ipPool, portPool,
                        dhcpPool, coming, true)),
                result -> result.created() ? "created " + result.vm().internalIp() : "already provisioned");
    }

    private Uni<Provisioned> provision(Caller caller, String name, String mac, IpPool ipPool, PortPool portPool,
            String dhcpPool, RouterWriter.Expected coming, boolean mayRetry) {
        // the allocation checks the name and MAC inside its transaction: only when one is taken does the
        // VM that holds it need a look (a repeat, a conflict, or a provision or decommission in flight)
        return create(caller, name, mac, ipPool, portPool, dhcpPool, coming).map(vm -> new Provisioned(vm, true))
                .onFailure(ProvisioningService::isNameOrMacTaken)
                .recoverWithUni(() -> existing(caller, name, mac, ipPool, portPool, dhcpPool).chain(found -> {
                    if (found != null) {
                        return Uni.createFrom().item(new Provisioned(found, false));
                    }
                    // the VM that held the name or MAC is gone by now
                    return mayRetry ? provision(caller, name, mac, ipPool, portPool, dhcpPool, coming, false)
                            : Uni.createFrom().failure(VmChanges.busy(name));
                }));
    }

    /**
     * The VM if {@code name} already exists with {@code mac}, belongs to the caller and lies in the
     * ranges it asks for; 409 when the name or the MAC is taken (naming the other VM only to those
     * who may see it) or the existing allocation is outside the requested ranges.
     */
    private Uni<Vm> existing(Caller caller, String name, String mac, IpPool ipPool, PortPool portPool, String dhcpPool) {
        return settled(name, mac, Instant.now().plus(config.busyWait())).map(found -> {
            Vm vm = found.stream().filter(candidate -> candidate.machineId().equals(name)).findFirst().orElse(null);
            if (vm != null) {
                if (!vm.visibleTo(caller)) {
                    throw ApiException.conflict("VM_EXISTS", "VM name '" + name + "' is already in use");
                }
                if (!vm.macAddress().equals(mac)) {
                    throw ApiException.conflict("VM_EXISTS", "VM '" + name + "' already exists with a different MAC address");
                }
                requireInside(vm, ipPool, portPool);
                if (!Objects.equals(vm.pool(), dhcpPool)) {
                    throw ApiException.conflict("VM_EXISTS_OUTSIDE_RANGE", "VM '" + name + "' already exists "
                            + (vm.pool() == null ? "outside any DHCP pool" : "in DHCP pool '" + vm.pool() + "'")
                            + "; decommission it first or provision under another name");
                }
                return vm;
            }
            if (!found.isEmpty()) {
                Vm other = found.get(0);
                throw ApiException.conflict("MAC_IN_USE", other.visibleTo(caller)
                        ? "MAC address " + mac + " is already assigned to VM '" + other.machineId() + "'"
                        : "MAC address " + mac + " is already in use");
            }
            return null;
        });
    }

    /** A repeat that asks for ranges its VM's allocation is not in would silently get something else: 409. */
    private static void requireInside(Vm vm, IpPool ipPool, PortPool portPool) {
        long ip = Ipv4.parse(vm.internalIp());
        if (ipPool != null && (ip < ipPool.start() || ip > ipPool.end())) {
            throw ApiException.conflict("VM_EXISTS_OUTSIDE_RANGE", "VM '" + vm.machineId() + "' already exists with internal IP "
                    + vm.internalIp() + ", outside the requested ip_range " + ipPool.label()
                    + "; decommission it first or provision under another name");
        }
        List<Integer> ports = vm.ports().stream().map(VmPort::externalPort).filter(Objects::nonNull).toList();
        if (portPool != null && ports.stream().anyMatch(port -> port < portPool.start() || port > portPool.end())) {
            throw ApiException.conflict("VM_EXISTS_OUTSIDE_RANGE", "VM '" + vm.machineId() + "' already exists with external ports "
                    + String.join(", ", ports.stream().map(String::valueOf).toList()) + ", outside the requested port_range "
                    + portPool.label() + "; decommission it first or provision under another name");
        }
    }

    /**
     * The VMs named {@code name} or holding {@code mac}, once no provision or decommission of the
     * named one is in flight: a pipeline retrying while its first call still runs gets the outcome
     * of that call, not a half-made or vanishing VM. It waits until {@code deadline} at most (then
     * 409 VM_BUSY), settling the VM first when its change failed here and left it unsettled.
     */
    private Uni<List<Vm>> settled(String name, String mac, Instant deadline) {
        return vms.findByNameOrMac(transactions.pool(), name, mac).chain(found -> {
            Vm named = found.stream().filter(vm -> vm.machineId().equals(name)
                    && (vm.state() == VmState.PROVISIONING || vm.state() == VmState.DECOMMISSIONING)).findFirst().orElse(null);
            if (named == null) {
                return Uni.createFrom().item(found);
            }
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative()) {
                return Uni.createFrom().failure(VmChanges.busy(name));
            }
            Uni<Void> wait = changes.tracks(named.id()) ? changes.settleNow(named.id(), left)
                    : Uni.createFrom().voidItem().onItem().delayIt().by(POLL);
            return wait.chain(() -> settled(name, mac, deadline));
        });
    }

    private Uni<Vm> create(Caller caller, String name, String mac, IpPool ipPool, PortPool portPool, String dhcpPool,
            RouterWriter.Expected coming) {
        Instant deadline = changes.deadline();
        Timer.Sample started = Timer.start();
        return allocator.allocate(new VmAllocator.Request(name, mac, caller.owner(),
                        ipPool != null ? ipPool : network.defaultIpPool(), portPool != null ? portPool : network.defaultPortPool(),
                        dhcpPool))
                .onTermination().invoke(() -> started.stop(allocationTime))
                .chain(vm -> coming.apply(VmRouterConfig.absent(name), vm.routerConfig(network.wanInterface()), deadline)
                        // compensation: the allocation goes back to the pools
                        .onFailure().call(failure -> changes.compensate(vm, failure, () -> transactions.readCommitted(
                                connection -> allocator.release(connection, vm))))
                        .chain(() -> changes.confirmed(vm, allocator.confirm(vm,
                                VmEvents.of(caller, "create", vm.withState(VmState.READY), Map.of()))))
                        .replaceWith(vm.withState(VmState.READY)));
    }

    private static boolean isNameOrMacTaken(Throwable failure) {
        if (failure instanceof VmAllocator.NameOrMacTaken) {
            return true;
        }
        String constraint = Transactions.violatedUniqueConstraint(failure);
        return "vm_machine_id_key".equals(constraint) || "vm_mac_address_key".equals(constraint);
    }
}
