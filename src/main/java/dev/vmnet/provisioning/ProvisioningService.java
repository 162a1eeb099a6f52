package dev.vmnet.provisioning;

import dev.vmnet.allocation.AllocationRepository;
import dev.vmnet.audit.AuditLog;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.identity.Caller;
import dev.vmnet.network.IpPool;
import dev.vmnet.network.Ipv4;
import dev.vmnet.network.Network;
import dev.vmnet.network.PortKind;
import dev.vmnet.network.PortPool;
import dev.vmnet.router.RouterConfig;
import dev.vmnet.router.RouterException;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.VmRouterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Provision, port actions, decommission and status. Every change follows one shape: a transaction
 * marks the VM as changing (allocating under the allocation lock when it needs values), the router
 * writer applies the change, and a second transaction records what the router confirmed. When the
 * router does not take a change, the writer has already put the router back and this class gives
 * the allocation back; when the router's state is unknown, {@link Recovery} settles the VM.
 */
@Startup
@ApplicationScoped
public class ProvisioningService {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Transactions transactions;
    private final VmRepository vms;
    private final VmAllocator allocator;
    private final AllocationRepository allocation;
    private final RouterWriter router;
    private final Recovery recovery;
    private final Network network;
    private final ProvisioningConfig config;
    private final AuditLog audit;
    private final Timer allocationTime;

    public ProvisioningService(Transactions transactions, VmRepository vms, VmAllocator allocator, AllocationRepository allocation,
            RouterWriter router, Recovery recovery, Network network, ProvisioningConfig config, RouterConfig routerConfig,
            AuditLog audit, MeterRegistry registry) {
        this.transactions = transactions;
        this.vms = vms;
        this.allocator = allocator;
        this.allocation = allocation;
        this.router = router;
        this.recovery = recovery;
        this.network = network;
        this.config = config;
        this.audit = audit;
        this.allocationTime = Timer.builder("vm.allocation")
                .description("Time from asking for a VM's address, ports and rule block to having them stored, retries included")
                .register(registry);
        // recovery must never take a change that is still legitimately in flight
        Duration longestChange = config.queueTimeout()
                .plus(routerConfig.commitTimeout().multipliedBy(6)).plus(routerConfig.readTimeout().multipliedBy(6));
        if (config.recoveryAfter().compareTo(longestChange) <= 0) {
            throw new IllegalStateException("Invalid setting provisioning.recovery-after: must exceed " + longestChange.toSeconds()
                    + "s (queue-timeout plus six commit and read timeouts), or recovery could undo live changes");
        }
    }

    public record Provisioned(Vm vm, boolean created) {}

    public record PortChange(Vm vm, List<String> ports) {}

    // ---- provision ------------------------------------------------------------------------------

    /**
     * Gives the VM an address, one external port per port kind and a block of NAT rule numbers, and
     * writes them to the router. The same name with the same MAC answers the existing allocation.
     * {@code ipPool} and {@code portPool} are the ranges the caller asked for, null for the defaults;
     * {@code dhcpPool} the DHCP pool it asked to be provisioned into, null for the service's subnet.
     */
    public Uni<Provisioned> provision(Caller caller, String name, String mac, IpPool ipPool, PortPool portPool, String dhcpPool) {
        return audit.record(caller, "vm.provision", name, announced(coming -> provision(caller, name, mac, ipPool, portPool,
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
                            : Uni.createFrom().failure(busy(name));
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
                return Uni.createFrom().failure(busy(name));
            }
            Uni<Void> wait = recovery.tracks(named.id()) ? recovery.settleNow(named.id(), left)
                    : Uni.createFrom().voidItem().onItem().delayIt().by(POLL);
            return wait.chain(() -> settled(name, mac, deadline));
        });
    }

    private Uni<Vm> create(Caller caller, String name, String mac, IpPool ipPool, PortPool portPool, String dhcpPool,
            RouterWriter.Expected coming) {
        Instant deadline = Instant.now().plus(config.queueTimeout());
        Timer.Sample started = Timer.start();
        return allocator.allocate(new VmAllocator.Request(name, mac, caller.owner(),
                        ipPool != null ? ipPool : network.defaultIpPool(), portPool != null ? portPool : network.defaultPortPool(),
                        dhcpPool))
                .onTermination().invoke(() -> started.stop(allocationTime))
                .chain(vm -> coming.apply(VmRouterConfig.absent(name), vm.routerConfig(network.wanInterface()), deadline)
                        // compensation: the allocation goes back to the pools
                        .onFailure().call(failure -> compensate(vm, failure, () -> transactions.readCommitted(
                                connection -> allocator.release(connection, vm))))
                        .chain(() -> confirmed(vm, allocator.confirm(vm)))
                        .replaceWith(vm.withState(VmState.READY)));
    }

    // ---- port actions ---------------------------------------------------------------------------

    /**
     * Applies {@code action} to the named ports, or to every port kind when {@code names} is null
     * (then ports that are not active are skipped by enable, disable and pause). An unknown port
     * name is a 422, whichever path names it.
     */
    public Uni<PortChange> changePorts(Caller caller, String machineId, List<String> names, PortAction action) {
        List<PortKind> targets = names == null ? network.kinds() : names.stream().distinct()
                .map(name -> network.kind(name).orElseThrow(() -> ApiException.unprocessable("UNKNOWN_PORT",
                        "Unknown port '" + name + "'; known ports: " + knownPorts())))
                .toList();
        Instant deadline = Instant.now().plus(config.queueTimeout());
        Uni<PortChange> change = announced(coming -> afterSettling(() -> inTransaction(action == PortAction.CREATE,
                        connection -> vms.transition(connection, machineId, ownerFilter(caller), VmState.READY, VmState.CHANGING)
                .chain(vm -> vm == null
                        ? notFoundOrBusy(connection, machineId, caller)
                        : plan(connection, vm, targets, names != null, action))))
                .chain(plan -> coming.apply(plan.vm().routerConfig(network.wanInterface()),
                                plan.result().routerConfig(network.wanInterface()), deadline)
                        .onFailure().call(failure -> compensate(plan.vm(), failure, () -> undoChange(plan)))
                        .chain(() -> confirmed(plan.vm(), transactions.readCommitted(connection -> vms.updatePorts(connection,
                                        plan.vm().id(), plan.changed())
                                .chain(() -> allocation.release(connection, null, plan.releasedPorts(), null))
                                .chain(() -> vms.setState(connection, plan.vm().id(), VmState.READY)))))
                        .replaceWith(new PortChange(plan.result().withState(VmState.READY),
                                targets.stream().map(PortKind::name).toList()))));
        return audit.record(caller, "vm.ports." + action.wire(), machineId + ":"
                + String.join(",", targets.stream().map(PortKind::name).toList()), change);
    }

    /** One port by its path name. */
    public Uni<PortChange> changePort(Caller caller, String machineId, String portName, PortAction action) {
        return changePorts(caller, machineId, List.of(portName), action);
    }

    /** A create allocates ports, under the allocation lock; the other actions only mark the VM and its rows. */
    private <T> Uni<T> inTransaction(boolean allocates, Function<SqlConnection, Uni<T>> work) {
        return allocates ? transactions.allocation(work) : transactions.readCommitted(work);
    }

    /**
     * A port change worked out inside the transaction: the ports as they will be ({@code result}),
     * the rows that change, ports allocated for create (already stored, status still not active)
     * and ports to release once the router confirms a delete.
     */
    private record Plan(Vm vm, Vm result, List<VmPort> changed, List<VmPort> created, List<Integer> releasedPorts) {}

    private Uni<Plan> plan(SqlConnection connection, Vm vm, List<PortKind> targets, boolean explicit, PortAction action) {
        Map<String, VmPort> ports = new LinkedHashMap<>();
        vm.ports().forEach(port -> ports.put(port.name(), port));
        List<VmPort> missingRows = new ArrayList<>();
        List<VmPort> toCreate = new ArrayList<>();
        List<Integer> released = new ArrayList<>();
        for (PortKind kind : targets) {
            VmPort port = ports.get(kind.name());
            if (port == null) {
                // a port kind configured after this VM was provisioned
                if (kind.slot() >= vm.natRuleCount()) {
                    throw ApiException.conflict("NO_RULE_SLOT", "VM '" + vm.machineId() + "' has no NAT rule number for port '"
                            + kind.name() + "'; decommission and provision it again to add the port");
                }
                port = new VmPort(kind.name(), kind.internalPort(), null, vm.natRuleBase() + kind.slot(), PortStatus.NOT_ACTIVE);
                missingRows.add(port);
                ports.put(kind.name(), port);
            }
            switch (action) {
                case CREATE -> {
                    if (!port.status().active()) {
                        toCreate.add(port);
                    }
                }
                case DELETE -> {
                    if (port.status().active()) {
                        released.add(port.externalPort());
                        ports.put(kind.name(), port.with(null, PortStatus.NOT_ACTIVE));
                    }
                }
                default -> {
                    if (port.status().active()) {
                        PortStatus status = switch (action) {
                            case ENABLE -> PortStatus.ENABLED;
                            case DISABLE -> PortStatus.DISABLED;
                            default -> PortStatus.PAUSED;
                        };
                        ports.put(kind.name(), port.with(port.externalPort(), status));
                    } else if (explicit) {
                        throw ApiException.notFound("PORT_NOT_FOUND",
                                "Port rule for '" + kind.name() + "' not found on VM '" + vm.machineId() + "'");
                    }
                }
            }
        }
        PortPool pool = new PortPool(vm.portRangeStart(), vm.portRangeEnd());
        Uni<List<Integer>> newPorts = toCreate.isEmpty()
                ? Uni.createFrom().item(List.of())
                : allocation.takePorts(connection, pool, toCreate.size(), 1).map(groups -> {
                    if (groups.isEmpty()) {
                        throw AllocationRepository.portsExhausted(pool);
                    }
                    return groups.get(0);
                });
        return vms.insertPorts(connection, vm.id(), missingRows)
                .chain(() -> newPorts)
                .chain(allocated -> {
                    List<VmPort> created = new ArrayList<>();
                    for (int i = 0; i < toCreate.size(); i++) {
                        VmPort port = toCreate.get(i);
                        // stored with the port but still not active: it counts once the router confirms
                        created.add(port.with(allocated.get(i), PortStatus.NOT_ACTIVE));
                        ports.put(port.name(), port.with(allocated.get(i), PortStatus.ENABLED));
                    }
                    Vm result = vm.withPorts(List.copyOf(ports.values()));
                    List<VmPort> changed = result.ports().stream()
                            .filter(port -> !Objects.equals(vm.port(port.name()).orElse(null), port)).toList();
                    return vms.updatePorts(connection, vm.id(), created)
                            .replaceWith(new Plan(vm.withPorts(withRows(vm.ports(), missingRows)), result, changed, created, released));
                });
    }

    /** Compensation of a port change the router did not take: ports allocated for create go back. */
    private Uni<Void> undoChange(Plan plan) {
        List<VmPort> unallocated = plan.created().stream().map(port -> port.with(null, PortStatus.NOT_ACTIVE)).toList();
        return transactions.readCommitted(connection -> vms.updatePorts(connection, plan.vm().id(), unallocated)
                .chain(() -> allocation.release(connection, null, plan.created().stream().map(VmPort::externalPort).toList(), null))
                .chain(() -> vms.setState(connection, plan.vm().id(), VmState.READY)));
    }

    // ---- decommission ---------------------------------------------------------------------------

    /** Removes the VM's static mapping and every rule, then releases all it held. */
    public Uni<Vm> decommission(Caller caller, String machineId) {
        Instant deadline = Instant.now().plus(config.queueTimeout());
        return audit.record(caller, "vm.decommission", machineId, announced(coming -> afterSettling(() -> transactions
                        .readCommitted(connection -> vms.transition(connection, machineId, ownerFilter(caller), VmState.READY,
                                VmState.DECOMMISSIONING)
                        .chain(vm -> vm == null ? notFoundOrBusy(connection, machineId, caller) : Uni.createFrom().item(vm))))
                .chain(vm -> coming.apply(vm.routerConfig(network.wanInterface()), VmRouterConfig.absent(machineId), deadline)
                        // compensation: the router kept the VM, so it stays as it was
                        .onFailure().call(failure -> compensate(vm, failure,
                                () -> vms.setState(transactions.pool(), vm.id(), VmState.READY)))
                        .chain(() -> confirmed(vm, transactions.readCommitted(connection -> allocator.release(connection, vm))))
                        .replaceWith(vm))));
    }

    // ---- status ---------------------------------------------------------------------------------

    /** The VM as the router has it; 404 while it is still being provisioned, or when the caller may not read it. */
    public Uni<Vm> find(Caller caller, String machineId) {
        return vms.findByMachineId(transactions.pool(), machineId).map(vm -> {
            if (vm == null || vm.state() == VmState.PROVISIONING || !(caller.readsAll() || vm.visibleTo(caller))) {
                throw vmNotFound(machineId);
            }
            return vm;
        });
    }

    /** The provisioned VMs the caller may see, ordered by machine_id, after {@code after} (exclusive). */
    public Uni<List<Vm>> list(Caller caller, String after, int limit) {
        return vms.listProvisioned(transactions.pool(), caller.readsAll() ? null : ownerFilter(caller), after, limit);
    }

    // ---- shared pieces --------------------------------------------------------------------------

    /**
     * Runs {@code change} announced to the writer from its start, so that a batch being gathered
     * waits for it while it is being prepared (allocated, recorded); it stops counting once queued,
     * or when it ends without reaching the router.
     */
    private <T> Uni<T> announced(Function<RouterWriter.Expected, Uni<T>> change) {
        return Uni.createFrom().deferred(() -> {
            RouterWriter.Expected coming = router.expect();
            return change.apply(coming).onTermination().invoke(coming::close);
        });
    }

    /**
     * After a change failed: when the router is known to hold what the rows say (the writer put it
     * back), {@code undo} settles the rows; when its state is unknown, or undo fails, {@link Recovery}
     * settles the VM as soon as it can. The caller gets the change's own failure either way.
     */
    private Uni<Void> compensate(Vm vm, Throwable failure, Supplier<Uni<Void>> undo) {
        if (leftForRecovery(failure)) {
            recovery.track(vm);
            return Uni.createFrom().voidItem();
        }
        return undo.get().onFailure().invoke(() -> recovery.track(vm)).onFailure().recoverWithNull();
    }

    /** Records what the router confirmed; should that fail, the rows no longer say what the router holds: Recovery rolls it back. */
    private Uni<Void> confirmed(Vm vm, Uni<Void> record) {
        return record.onFailure().invoke(() -> recovery.track(vm));
    }

    /** The router's state is unknown: only a read-back can tell, so Recovery settles the change. */
    private static boolean leftForRecovery(Throwable failure) {
        return !(failure instanceof RouterException routerFailure) || routerFailure.kind() == RouterException.Kind.STATE_UNKNOWN;
    }

    /**
     * Runs {@code change}; when it finds the VM held by a change that failed here and is still
     * unsettled, settles that first (waiting up to provisioning.busy-wait) and runs it once more.
     */
    private <T> Uni<T> afterSettling(Supplier<Uni<T>> change) {
        return change.get().onFailure(Unsettled.class).recoverWithUni(failure -> {
            Unsettled unsettled = (Unsettled) failure;
            return recovery.settleNow(unsettled.vmId, config.busyWait())
                    .chain(change::get)
                    .onFailure(Unsettled.class).transform(again -> busy(unsettled.machineId));
        });
    }

    /** The VM is held by a change that failed on this replica and is not settled yet. */
    private static final class Unsettled extends RuntimeException {
        final long vmId;
        final String machineId;

        Unsettled(long vmId, String machineId) {
            super("unsettled", null, false, false);
            this.vmId = vmId;
            this.machineId = machineId;
        }
    }

    /** Why a VM could not be taken for a change: missing or someone else's (404), busy (409), or unsettled here. */
    private <T> Uni<T> notFoundOrBusy(SqlConnection connection, String machineId, Caller caller) {
        return vms.findByMachineId(connection, machineId)
                .map(vm -> {
                    if (vm == null || !vm.visibleTo(caller)) {
                        throw vmNotFound(machineId);
                    }
                    throw recovery.tracks(vm.id()) ? new Unsettled(vm.id(), machineId) : busy(machineId);
                });
    }

    /** Changes and lists are limited to the caller's own VMs, unless it is an admin. */
    private static String ownerFilter(Caller caller) {
        return caller.admin() ? null : caller.owner();
    }

    public static ApiException vmNotFound(String machineId) {
        return ApiException.notFound("VM_NOT_FOUND", "VM with machine_id '" + machineId + "' not found");
    }

    private static ApiException busy(String machineId) {
        return new ApiException(409, "VM_BUSY", "VM '" + machineId + "' has another change in progress; retry shortly",
                Map.of("Retry-After", "1"));
    }

    private static boolean isNameOrMacTaken(Throwable failure) {
        if (failure instanceof VmAllocator.NameOrMacTaken) {
            return true;
        }
        String constraint = Transactions.violatedUniqueConstraint(failure);
        return "vm_machine_id_key".equals(constraint) || "vm_mac_address_key".equals(constraint);
    }

    private String knownPorts() {
        return String.join(", ", network.kinds().stream().map(PortKind::name).toList());
    }

    private static List<VmPort> withRows(List<VmPort> ports, List<VmPort> added) {
        List<VmPort> all = new ArrayList<>(ports);
        all.addAll(added);
        return all;
    }
}
