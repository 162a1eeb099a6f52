package dev.vmnet.provisioning;

import dev.vmnet.allocation.AllocationRepository;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Contexts;
import dev.vmnet.common.Transactions;
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
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Allocates new VMs lowest-first and stores them (state provisioning). Allocation transactions run
 * one at a time across every replica ({@link Transactions#allocation}), so the provisions waiting
 * at the same moment share one transaction, as changes waiting for the router share one commit:
 * the lock costs one transaction per batch, not one per VM.
 */
@ApplicationScoped
public class VmAllocator {

    /** Most VMs in one transaction: keeps the lock's hold short while others queue. */
    static final int MAX_BATCH = 128;

    private final Transactions transactions;
    private final AllocationRepository allocation;
    private final VmRepository vms;
    private final Network network;
    private final Queue<Request> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    public VmAllocator(Transactions transactions, AllocationRepository allocation, VmRepository vms, Network network) {
        this.transactions = transactions;
        this.allocation = allocation;
        this.vms = vms;
        this.network = network;
    }

    /** What a provision asks for. */
    public record Request(String name, String mac, String owner, IpPool ipPool, PortPool portPool,
            CompletableFuture<Vm> done) {

        public Request(String name, String mac, String owner, IpPool ipPool, PortPool portPool) {
            this(name, mac, owner, ipPool, portPool, new CompletableFuture<>());
        }
    }

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
        queue.add(request);
        kick();
        return Contexts.backOnCaller(Uni.createFrom().completionStage(request.done()));
    }

    /** Deletes the VM's rows and gives everything it held back to the pools (no lock needed: releases never collide). */
    public Uni<Void> release(SqlConnection connection, Vm vm) {
        List<Integer> ports = vm.ports().stream().map(VmPort::externalPort).filter(Objects::nonNull).toList();
        return vms.delete(connection, vm.id())
                .chain(() -> allocation.release(connection, vm.internalIp(), ports, vm.natRuleBase()));
    }

    private void kick() {
        if (queue.isEmpty() || !running.compareAndSet(false, true)) {
            return;
        }
        List<Request> batch = new ArrayList<>();
        for (Request next = queue.poll(); next != null; next = batch.size() < MAX_BATCH ? queue.poll() : null) {
            batch.add(next);
        }
        run(batch).subscribe().with(done -> finish(), failure -> {
            batch.forEach(request -> request.done().completeExceptionally(failure));
            finish();
        });
    }

    private void finish() {
        running.set(false);
        kick();
    }

    /** Allocates the batch in one transaction; should it fail as a whole, each request gets a transaction of its own. */
    private Uni<Void> run(List<Request> batch) {
        return transactions.allocation(connection -> allocateAll(connection, batch))
                .onItemOrFailure().transformToUni((outcomes, failure) -> {
                    if (failure == null) {
                        for (int i = 0; i < batch.size(); i++) {
                            outcomes.get(i).answer(batch.get(i).done());
                        }
                        return Uni.createFrom().voidItem();
                    }
                    if (batch.size() == 1) {
                        batch.get(0).done().completeExceptionally(failure);
                        return Uni.createFrom().voidItem();
                    }
                    return Multi.createFrom().iterable(batch)
                            .onItem().transformToUniAndConcatenate(request -> run(List.of(request)))
                            .collect().last().replaceWithVoid();
                });
    }

    /** One request's result, handed out only once the transaction has committed. */
    private record Outcome(Vm vm, Throwable failure) {
        void answer(CompletableFuture<Vm> done) {
            if (failure == null) {
                done.complete(vm);
            } else {
                done.completeExceptionally(failure);
            }
        }
    }

    private Uni<List<Outcome>> allocateAll(SqlConnection connection, List<Request> batch) {
        // under the allocation lock nobody else inserts VMs: names and MACs found free here stay free
        return vms.findByNamesOrMacs(connection, batch.stream().map(Request::name).toList(),
                        batch.stream().map(Request::mac).toList())
                .chain(existing -> {
                    Set<String> names = new HashSet<>();
                    Set<String> macs = new HashSet<>();
                    existing.forEach(vm -> {
                        names.add(vm.machineId());
                        macs.add(vm.macAddress());
                    });
                    return Multi.createFrom().iterable(batch)
                            .onItem().transformToUniAndConcatenate(request -> {
                                // a second request for the same name or MAC in this batch finds it taken by the first
                                boolean free = !names.contains(request.name()) && !macs.contains(request.mac());
                                names.add(request.name());
                                macs.add(request.mac());
                                return free ? allocateOne(connection, request)
                                        : Uni.createFrom().item(new Outcome(null, new NameOrMacTaken()));
                            })
                            .collect().asList();
                });
    }

    /**
     * Takes an address, the ports and a rule block and inserts the VM. A pool that has nothing left
     * fails this request alone: what it took so far goes back within the transaction.
     */
    private Uni<Outcome> allocateOne(SqlConnection connection, Request request) {
        List<PortKind> kinds = network.kinds();
        return allocation.takeIp(connection, request.ipPool())
                .chain(ip -> allocation.takePorts(connection, request.portPool(), kinds.size())
                        .onFailure(ApiException.class).call(() -> allocation.release(connection, ip, List.of(), null))
                        .chain(ports -> allocation.takeRuleBlock(connection)
                                .onFailure(ApiException.class).call(() -> allocation.release(connection, ip, ports, null))
                                .chain(base -> vms.insert(connection, newVm(request, ip, ports, base)))))
                .map(vm -> new Outcome(vm, null))
                .onFailure(ApiException.class).recoverWithItem(failure -> new Outcome(null, failure));
    }

    private Vm newVm(Request request, String ip, List<Integer> ports, int base) {
        List<VmPort> vmPorts = new ArrayList<>();
        Iterator<Integer> external = ports.iterator();
        for (PortKind kind : network.kinds()) {
            vmPorts.add(new VmPort(kind.name(), kind.internalPort(), external.next(), base + kind.slot(), PortStatus.ENABLED));
        }
        return new Vm(0, request.name(), request.mac(), ip, base, network.ruleBlockSize(), request.portPool().start(),
                request.portPool().end(), VmState.PROVISIONING, null, vmPorts, request.owner());
    }
}
