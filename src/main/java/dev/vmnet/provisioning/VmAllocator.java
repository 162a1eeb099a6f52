package dev.vmnet.provisioning;

import dev.vmnet.allocation.AllocationRepository;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.GroupCommit;
import dev.vmnet.common.Transactions;
import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import dev.vmnet.network.IpPool;
import dev.vmnet.network.Network;
import dev.vmnet.network.PortKind;
import dev.vmnet.network.PortPool;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Allocates new VMs lowest-first and stores them (state provisioning), and marks them ready once
 * the router holds them. Allocation transactions run one at a time across every replica
 * ({@link Transactions#allocation}), so the provisions waiting at the same moment share one
 * transaction ({@link GroupCommit}), as changes waiting for the router share one commit: the lock
 * costs one transaction per batch, not one per VM.
 */
@ApplicationScoped
public class VmAllocator {

    /** Most VMs in one transaction: keeps the lock's hold short while others queue. */
    static final int MAX_BATCH = 128;

    private final Transactions transactions;
    private final AllocationRepository allocation;
    private final VmRepository vms;
    private final Network network;
    private final GroupCommit<Request, Vm> allocations = new GroupCommit<>(MAX_BATCH, 1, this::run);
    private final GroupCommit<Ready, Void> readyMarks;

    public VmAllocator(Transactions transactions, AllocationRepository allocation, VmRepository vms, Network network, Outbox outbox) {
        this.transactions = transactions;
        this.allocation = allocation;
        this.vms = vms;
        this.network = network;
        // each VM is marked ready with its event, in one transaction for the batch (the outbox)
        this.readyMarks = new GroupCommit<>(MAX_BATCH, 4, batch -> transactions.readCommitted(connection -> vms
                        .setReady(connection, batch.stream().map(Ready::vmId).toList())
                        .chain(() -> outbox.append(connection, batch.stream().map(Ready::event).toList())))
                .map(done -> batch.stream().map(ready -> GroupCommit.Outcome.<Void>of(null)).toList()));
    }

    private record Ready(long vmId, NewEvent event) {}

    /** What a provision asks for: its address from {@code ipPool}, or from DHCP pool {@code dhcpPool} when that is set. */
    public record Request(String name, String mac, String owner, IpPool ipPool, PortPool portPool, String dhcpPool) {}

    /**
     * The name or the MAC was taken by the time the allocation ran (a concurrent provision of the
     * same VM, or of another VM with this MAC): the caller looks again and answers as for a repeat.
     */
    public static final class NameOrMacTaken extends RuntimeException {
        NameOrMacTaken() {
            super("name or MAC taken", null, false, false);
        }
    }

    /** Stores the VM with its address, ports and rule block; fails with a 507 when a pool is exhausted. */
    public Uni<Vm> allocate(Request request) {
        return allocations.submit(request);
    }

    /** Marks a new VM ready once the router holds it (with the others confirmed at the same moment), and appends its event. */
    public Uni<Void> confirm(Vm vm, NewEvent event) {
        return readyMarks.submit(new Ready(vm.id(), event));
    }

    /** Deletes the VM's rows and gives everything it held back to the pools (no lock needed: releases never collide). */
    public Uni<Void> release(SqlConnection connection, Vm vm) {
        List<Integer> ports = vm.ports().stream().map(VmPort::externalPort).filter(Objects::nonNull).toList();
        return vms.delete(connection, vm.id())
                .chain(() -> allocation.release(connection, vm.internalIp(), ports, vm.natRuleBase()));
    }

    /** Allocates the batch in one transaction; should it fail as a whole, each request gets a transaction of its own. */
    private Uni<List<GroupCommit.Outcome<Vm>>> run(List<Request> batch) {
        return transactions.allocation(connection -> allocateAll(connection, batch))
                .onFailure(failure -> batch.size() > 1).recoverWithUni(() -> Multi.createFrom().iterable(batch)
                        .onItem().transformToUniAndConcatenate(request -> run(List.of(request))
                                .onFailure().recoverWithItem(failure -> List.of(GroupCommit.Outcome.failed(failure))))
                        .collect().asList()
                        .map(outcomes -> outcomes.stream().map(single -> single.get(0)).toList()));
    }

    /** What one request has taken so far in the transaction, or why it cannot be served. */
    private static final class Claim {
        final Request request;
        String ip;
        String poolNetwork;
        List<Integer> ports;
        Integer base;
        Throwable failure;

        Claim(Request request) {
            this.request = request;
        }

        boolean pending() {
            return failure == null;
        }
    }

    /**
     * The whole batch in a few statements: names and MACs checked, then the addresses, ports and rule
     * blocks of every request taken per pool (lowest first, in arrival order), then every VM inserted.
     * A request its pool cannot serve fails alone, and what it took goes back within the transaction.
     */
    private Uni<List<GroupCommit.Outcome<Vm>>> allocateAll(SqlConnection connection, List<Request> batch) {
        List<Claim> claims = batch.stream().map(Claim::new).toList();
        // under the allocation lock nobody else inserts VMs: names and MACs found free here stay free
        return vms.findByNamesOrMacs(connection, batch.stream().map(Request::name).toList(),
                        batch.stream().map(Request::mac).toList())
                .invoke(existing -> {
                    Set<String> names = new HashSet<>();
                    Set<String> macs = new HashSet<>();
                    existing.forEach(vm -> {
                        names.add(vm.machineId());
                        macs.add(vm.macAddress());
                    });
                    for (Claim claim : claims) {
                        if (names.contains(claim.request.name()) || macs.contains(claim.request.mac())) {
                            claim.failure = new NameOrMacTaken();
                        }
                        // a second request for the same name or MAC in this batch finds it taken by the first
                        names.add(claim.request.name());
                        macs.add(claim.request.mac());
                    }
                })
                .chain(() -> perPool(claims, claim -> claim.dhcpPool() == null ? claim.ipPool() : null,
                        (pool, group) -> allocation.takeIps(connection, pool, group.size())
                                .invoke(ips -> assign(group, ips, (claim, ip) -> claim.ip = ip, AllocationRepository.ipsExhausted(pool)))))
                .chain(() -> perPool(claims, Request::dhcpPool, (pool, group) -> allocation.takePoolIps(connection, pool, group.size())
                        .invoke(space -> assign(group, space.ips(), (claim, ip) -> {
                            claim.ip = ip;
                            claim.poolNetwork = space.network();
                        }, AllocationRepository.poolExhausted(pool, space.network())))
                        // the pool is unknown or busy: every request for it fails with that
                        .onFailure(ApiException.class).recoverWithItem(failure -> {
                            group.forEach(claim -> claim.failure = failure);
                            return null;
                        })))
                .chain(() -> perPool(claims, Request::portPool, (pool, group) -> allocation
                        .takePorts(connection, pool, network.kinds().size(), group.size())
                        .invoke(ports -> assign(group, ports, (claim, run) -> claim.ports = run, AllocationRepository.portsExhausted(pool)))))
                .chain(() -> {
                    List<Claim> pending = claims.stream().filter(Claim::pending).toList();
                    return pending.isEmpty() ? Uni.createFrom().voidItem() : allocation.takeRuleBlocks(connection, pending.size())
                            .invoke(bases -> assign(pending, bases, (claim, base) -> claim.base = base,
                                    AllocationRepository.ruleBlocksExhausted()))
                            .replaceWithVoid();
                })
                .chain(() -> Multi.createFrom().iterable(claims)
                        .filter(claim -> !claim.pending() && (claim.ip != null || claim.ports != null))
                        // a pool address is on no free list: it is free again once no VM row holds it
                        .onItem().transformToUniAndConcatenate(claim -> allocation.release(connection,
                                claim.poolNetwork == null ? claim.ip : null,
                                claim.ports == null ? List.of() : claim.ports, null))
                        .collect().last())
                .chain(() -> vms.insertAll(connection, claims.stream().filter(Claim::pending).map(this::newVm).toList()))
                .map(stored -> {
                    Iterator<Vm> inserted = stored.iterator();
                    return claims.stream().map(claim -> claim.pending() ? GroupCommit.Outcome.of(inserted.next())
                            : GroupCommit.Outcome.<Vm>failed(claim.failure)).toList();
                });
    }

    /** Runs {@code take} for the pending claims of each pool in turn (pools in the order requests asked for them; null: none). */
    private <P> Uni<Void> perPool(List<Claim> claims, Function<Request, P> poolOf, BiFunction<P, List<Claim>, Uni<?>> take) {
        Map<P, List<Claim>> groups = new LinkedHashMap<>();
        claims.stream().filter(claim -> claim.pending() && poolOf.apply(claim.request) != null)
                .forEach(claim -> groups.computeIfAbsent(poolOf.apply(claim.request), pool -> new ArrayList<>()).add(claim));
        return Multi.createFrom().iterable(groups.entrySet())
                .onItem().transformToUniAndConcatenate(group -> take.apply(group.getKey(), group.getValue()))
                .collect().last().replaceWithVoid();
    }

    /** Hands {@code values} out to {@code claims} in order; the claims left over fail with {@code exhausted}. */
    private static <V> void assign(List<Claim> claims, List<V> values, BiConsumer<Claim, V> give, Throwable exhausted) {
        for (int i = 0; i < claims.size(); i++) {
            if (i < values.size()) {
                give.accept(claims.get(i), values.get(i));
            } else {
                claims.get(i).failure = exhausted;
            }
        }
    }

    private Vm newVm(Claim claim) {
        List<VmPort> vmPorts = new ArrayList<>();
        Iterator<Integer> external = claim.ports.iterator();
        for (PortKind kind : network.kinds()) {
            vmPorts.add(new VmPort(kind.name(), kind.internalPort(), external.next(), claim.base + kind.slot(), PortStatus.ENABLED));
        }
        Request request = claim.request;
        return new Vm(0, request.name(), request.mac(), claim.ip, claim.base, network.ruleBlockSize(), request.portPool().start(),
                request.portPool().end(), VmState.PROVISIONING, null, vmPorts, request.owner(), request.dhcpPool(),
                claim.poolNetwork);
    }
}
