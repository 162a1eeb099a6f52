package dev.vmnet.provisioning;

import dev.vmnet.allocation.AllocationRepository;
import dev.vmnet.audit.AuditLog;
import dev.vmnet.auth.Caller;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.network.IpPool;
import dev.vmnet.network.Network;
import dev.vmnet.network.PortKind;
import dev.vmnet.network.PortPool;
import dev.vmnet.router.RouterConfig;
import dev.vmnet.router.RouterException;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.VmRouterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Provision, port actions, decommission and their recovery. Every change follows one shape:
 * a transaction marks the VM as changing (SERIALIZABLE when it allocates), the router writer
 * applies the change, and a second transaction records what the router confirmed. When the router does not
 * take a change, the writer has already put the router back and this class gives the allocation
 * back; when the router's state is unknown, the VM stays marked and {@link RecoveryJob} finishes it.
 */
@Startup
@ApplicationScoped
public class ProvisioningService {

    private static final Logger LOG = Logger.getLogger(ProvisioningService.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Transactions transactions;
    private final VmRepository vms;
    private final AllocationRepository allocation;
    private final RouterWriter router;
    private final Network network;
    private final ProvisioningConfig config;
    private final AuditLog audit;
    private final Timer allocationTime;

    public ProvisioningService(Transactions transactions, VmRepository vms, AllocationRepository allocation,
            RouterWriter router, Network network, ProvisioningConfig config, RouterConfig routerConfig,
            AuditLog audit, MeterRegistry registry) {
        this.transactions = transactions;
        this.vms = vms;
        this.allocation = allocation;
        this.router = router;
        this.network = network;
        this.config = config;
        this.audit = audit;
        this.allocationTime = Timer.builder("vm.allocation")
                .description("The SERIALIZABLE transaction that allocates a VM's address, ports and rule block, retries included")
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
     */
    public Uni<Provisioned> provision(Caller caller, String name, String mac, IpPool ipPool, PortPool portPool) {
        return audit.record(caller, "vm.provision", name, provision(caller, name, mac, ipPool, portPool, true),
                result -> result.created() ? "created " + result.vm().internalIp() : "already provisioned");
    }

    private Uni<Provisioned> provision(Caller caller, String name, String mac, IpPool ipPool, PortPool portPool, boolean mayRetry) {
        return existing(caller, name, mac).chain(found -> found != null
                ? Uni.createFrom().item(new Provisioned(found, false))
                : create(caller, name, mac, ipPool, portPool).map(vm -> new Provisioned(vm, true))
                        // a concurrent request inserted the same name or MAC first: answer as for a repeat
                        .onFailure(ProvisioningService::isNameOrMacTaken)
                        .recoverWithUni(() -> mayRetry
                                ? provision(caller, name, mac, ipPool, portPool, false)
                                : Uni.createFrom().failure(busy(name))));
    }

    /**
     * The VM if {@code name} already exists with {@code mac} and belongs to the caller; 409 when the
     * name or the MAC is taken (naming the other VM only to those who may see it).
     */
    private Uni<Vm> existing(Caller caller, String name, String mac) {
        return settled(name, mac, Instant.now().plus(config.queueTimeout())).map(found -> {
            Vm vm = found.stream().filter(candidate -> candidate.machineId().equals(name)).findFirst().orElse(null);
            if (vm != null) {
                if (!vm.visibleTo(caller)) {
                    throw ApiException.conflict("VM_EXISTS", "VM name '" + name + "' is already in use");
                }
                if (!vm.macAddress().equals(mac)) {
                    throw ApiException.conflict("VM_EXISTS", "VM '" + name + "' already exists with a different MAC address");
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

    /**
     * The VMs named {@code name} or holding {@code mac}, once no provision or decommission of the
     * named one is in flight: a pipeline retrying while its first call still runs gets the outcome
     * of that call, not a half-made or vanishing VM.
     */
    private Uni<List<Vm>> settled(String name, String mac, Instant deadline) {
        return vms.findByNameOrMac(transactions.pool(), name, mac).chain(found -> {
            boolean inFlight = found.stream().anyMatch(vm -> vm.machineId().equals(name)
                    && (vm.state() == VmState.PROVISIONING || vm.state() == VmState.DECOMMISSIONING));
            if (!inFlight) {
                return Uni.createFrom().item(found);
            }
            if (Instant.now().isAfter(deadline)) {
                return Uni.createFrom().failure(busy(name));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(POLL).chain(() -> settled(name, mac, deadline));
        });
    }

    private Uni<Vm> create(Caller caller, String name, String mac, IpPool ipPool, PortPool portPool) {
        Instant deadline = Instant.now().plus(config.queueTimeout());
        List<PortKind> kinds = network.kinds();
        Timer.Sample started = Timer.start();
        return transactions.serializable(connection -> allocation.takeIp(connection, ipPool)
                        .chain(ip -> allocation.takePorts(connection, portPool, kinds.size())
                                .chain(ports -> allocation.takeRuleBlock(connection)
                                        .chain(base -> vms.insert(connection, newVm(caller, name, mac, ip, ports, base, portPool))))))
                .onTermination().invoke(() -> started.stop(allocationTime))
                .chain(vm -> router.apply(VmRouterConfig.absent(name), vm.routerConfig(network.wanInterface()), deadline)
                        .onFailure().call(failure -> undoProvision(vm, failure))
                        // should this fail, the VM stays 'provisioning' and RecoveryJob rolls it back
                        .chain(() -> vms.setState(transactions.pool(), vm.id(), VmState.READY))
                        .replaceWith(vm.withState(VmState.READY)));
    }

    private Vm newVm(Caller caller, String name, String mac, String ip, List<Integer> ports, int base, PortPool portPool) {
        List<VmPort> vmPorts = new ArrayList<>();
        Iterator<Integer> external = ports.iterator();
        for (PortKind kind : network.kinds()) {
            vmPorts.add(new VmPort(kind.name(), kind.internalPort(), external.next(), base + kind.slot(), PortStatus.ENABLED));
        }
        return new Vm(0, name, mac, ip, base, network.ruleBlockSize(), portPool.start(), portPool.end(),
                VmState.PROVISIONING, null, vmPorts, caller.owner());
    }

    /** Compensation of a provision the router did not take: the allocation goes back to the pools. */
    private Uni<Void> undoProvision(Vm vm, Throwable failure) {
        if (leftForRecovery(failure)) {
            return Uni.createFrom().voidItem();
        }
        return transactions.readCommitted(connection -> forget(connection, vm));
    }

    // ---- port actions ---------------------------------------------------------------------------

    /**
     * Applies {@code action} to the named ports, or to every port kind when {@code names} is null
     * (then ports that are not active are skipped by enable, disable and pause).
     */
    public Uni<PortChange> changePorts(Caller caller, String machineId, List<String> names, PortAction action) {
        List<PortKind> targets = names == null ? network.kinds() : names.stream().distinct()
                .map(name -> network.kind(name).orElseThrow(() -> ApiException.unprocessable("UNKNOWN_PORT",
                        "Unknown port '" + name + "'; known ports: " + knownPorts())))
                .toList();
        Instant deadline = Instant.now().plus(config.queueTimeout());
        Uni<PortChange> change = transactions.serializable(connection -> vms.transition(connection, machineId, ownerFilter(caller),
                                VmState.READY, VmState.CHANGING)
                        .chain(vm -> vm == null
                                ? notFoundOrBusy(connection, machineId, caller)
                                : plan(connection, vm, targets, names != null, action)))
                .chain(plan -> router.apply(plan.vm().routerConfig(network.wanInterface()),
                                plan.result().routerConfig(network.wanInterface()), deadline)
                        .onFailure().call(failure -> undoChange(plan, failure))
                        .chain(() -> transactions.readCommitted(connection -> vms.updatePorts(connection, plan.vm().id(), plan.changed())
                                .chain(() -> allocation.release(connection, null, plan.releasedPorts(), null))
                                .chain(() -> vms.setState(connection, plan.vm().id(), VmState.READY))))
                        .replaceWith(new PortChange(plan.result().withState(VmState.READY),
                                targets.stream().map(PortKind::name).toList())));
        return audit.record(caller, "vm.ports." + action.wire(), machineId + ":"
                + String.join(",", targets.stream().map(PortKind::name).toList()), change);
    }

    /** One port by its path name: an unknown port is a 404, as the spec words it. */
    public Uni<PortChange> changePort(Caller caller, String machineId, String portName, PortAction action) {
        if (network.kind(portName).isEmpty()) {
            return Uni.createFrom().failure(ApiException.notFound("PORT_NOT_FOUND",
                    "Port rule for '" + portName + "' not found on VM '" + machineId + "'"));
        }
        return changePorts(caller, machineId, List.of(portName), action);
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
                : allocation.takePorts(connection, pool, toCreate.size());
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
    private Uni<Void> undoChange(Plan plan, Throwable failure) {
        if (leftForRecovery(failure)) {
            return Uni.createFrom().voidItem();
        }
        List<VmPort> unallocated = plan.created().stream().map(port -> port.with(null, PortStatus.NOT_ACTIVE)).toList();
        return transactions.readCommitted(connection -> vms.updatePorts(connection, plan.vm().id(), unallocated)
                .chain(() -> allocation.release(connection, null, plan.created().stream().map(VmPort::externalPort).toList(), null))
                .chain(() -> vms.setState(connection, plan.vm().id(), VmState.READY)));
    }

    // ---- decommission ---------------------------------------------------------------------------

    /** Removes the VM's static mapping and every rule, then releases all it held. */
    public Uni<Vm> decommission(Caller caller, String machineId) {
        Instant deadline = Instant.now().plus(config.queueTimeout());
        return audit.record(caller, "vm.decommission", machineId, transactions.readCommitted(connection -> vms.transition(connection,
                                machineId, ownerFilter(caller), VmState.READY, VmState.DECOMMISSIONING)
                        .chain(vm -> vm == null ? notFoundOrBusy(connection, machineId, caller) : Uni.createFrom().item(vm)))
                .chain(vm -> router.apply(vm.routerConfig(network.wanInterface()), VmRouterConfig.absent(machineId), deadline)
                        // the router kept the VM: it stays as it was
                        .onFailure().call(failure -> leftForRecovery(failure)
                                ? Uni.createFrom().voidItem()
                                : vms.setState(transactions.pool(), vm.id(), VmState.READY))
                        .chain(() -> transactions.readCommitted(connection -> forget(connection, vm)))
                        .replaceWith(vm)));
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

    // ---- recovery -------------------------------------------------------------------------------

    public Uni<List<Vm>> interrupted(int limit) {
        return vms.findUnsettled(transactions.pool(), OffsetDateTime.now().minus(config.recoveryAfter()), limit);
    }

    /**
     * Finishes a change a crash interrupted by rolling it back: the router is made to hold what the
     * rows last confirmed (nothing, for a provision), then the rows settle.
     */
    public Uni<Void> recover(Vm vm) {
        return vms.claimUnsettled(transactions.pool(), vm.id(), vm.stateSince()).chain(claimed -> {
            if (!claimed) {
                return Uni.createFrom().voidItem();
            }
            LOG.warnf("VM %s was left %s since %s: rolling the router back to its last confirmed state",
                    vm.machineId(), vm.state().db(), vm.stateSince());
            VmRouterConfig confirmed = vm.state() == VmState.PROVISIONING
                    ? VmRouterConfig.absent(vm.machineId())
                    : vm.routerConfig(network.wanInterface());
            return audit.record(Caller.SYSTEM, "vm.recover", vm.machineId(), router.converge(confirmed, vm.ruleNumbers())
                    .chain(() -> transactions.readCommitted(connection -> switch (vm.state()) {
                        case PROVISIONING -> forget(connection, vm);
                        case CHANGING -> {
                            List<VmPort> unconfirmed = vm.ports().stream()
                                    .filter(port -> !port.status().active() && port.externalPort() != null).toList();
                            yield vms.updatePorts(connection, vm.id(),
                                            unconfirmed.stream().map(port -> port.with(null, PortStatus.NOT_ACTIVE)).toList())
                                    .chain(() -> allocation.release(connection, null,
                                            unconfirmed.stream().map(VmPort::externalPort).toList(), null))
                                    .chain(() -> vms.setState(connection, vm.id(), VmState.READY));
                        }
                        default -> vms.setState(connection, vm.id(), VmState.READY);
                    })), done -> "rolled back an interrupted " + vm.state().db());
        });
    }

    // ---- shared pieces --------------------------------------------------------------------------

    /** Deletes the VM's rows and gives everything it held back to the pools. */
    private Uni<Void> forget(SqlConnection connection, Vm vm) {
        List<Integer> ports = vm.ports().stream().map(VmPort::externalPort).filter(Objects::nonNull).toList();
        return vms.delete(connection, vm.id())
                .chain(() -> allocation.release(connection, vm.internalIp(), ports, vm.natRuleBase()));
    }

    /** The router's state is unknown: only a read-back can tell, so the recovery job finishes the change. */
    private static boolean leftForRecovery(Throwable failure) {
        return !(failure instanceof RouterException routerFailure) || routerFailure.kind() == RouterException.Kind.STATE_UNKNOWN;
    }

    /** Why a VM could not be taken for a change: missing or someone else's (404), or busy (409). */
    private <T> Uni<T> notFoundOrBusy(SqlConnection connection, String machineId, Caller caller) {
        return vms.findByMachineId(connection, machineId)
                .map(vm -> {
                    throw vm == null || !vm.visibleTo(caller) ? vmNotFound(machineId) : busy(machineId);
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
