package dev.vmnet.virtualbox;

import dev.vmnet.common.Transactions;
import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import dev.vmnet.events.Readers;
import dev.vmnet.identity.Caller;
import dev.vmnet.virtualbox.driver.VmInfo;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns VM state changes into vm.state_changed events. VBoxManage has no event stream (§20), so
 * states are read every VBOX_POLL_INTERVAL and after each command the service runs. The state a
 * change is compared with is the table's, updated under a row lock in the transaction that
 * appends the event: each change is one event, whichever replica or command saw it first.
 */
@ApplicationScoped
public class StateWatch {

    private static final Logger LOG = Logger.getLogger(StateWatch.class);

    private final Machines machines;
    private final MachineRepository repository;
    private final MachineLocks locks;
    private final Transactions transactions;
    private final Outbox outbox;
    private final MachineCreation creation;

    public StateWatch(Machines machines, MachineRepository repository, MachineLocks locks, Transactions transactions, Outbox outbox,
            MachineCreation creation) {
        this.creation = creation;
        this.machines = machines;
        this.repository = repository;
        this.locks = locks;
        this.transactions = transactions;
        this.outbox = outbox;
    }

    /** Reads the VM's state after a command of {@code caller}'s and records a change; answers the state. */
    public Uni<String> observe(String uuid, Caller caller) {
        return machines.info(uuid).call(info -> record(info, caller)).map(VmInfo::state);
    }

    @Scheduled(every = "${virtualbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Unavailable.class)
    public Uni<Void> poll() {
        return machines.registered()
                .chain(vms -> {
                    // §19: a showvminfo next to a command that holds the VM's lock can make that command fail
                    List<Uni<Void>> reads = vms.stream().filter(vm -> !locks.busy(vm.uuid().toLowerCase()))
                            .map(vm -> machines.info(vm.uuid()).chain(info -> record(info, Caller.SYSTEM))
                                    .onFailure().invoke(e -> LOG.debugf("Reading VM %s failed: %s", vm.uuid(), e.getMessage()))
                                    .onFailure().recoverWithNull().replaceWithVoid())
                            .toList();
                    return reads.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(reads).andCollectFailures().replaceWithVoid();
                })
                .chain(creation::recoverInterrupted)
                .onFailure().invoke(e -> LOG.debugf("VM poll failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Records the state VirtualBox reports; a change from the last one recorded becomes an event. */
    Uni<Void> record(VmInfo info, Caller caller) {
        UUID uuid = UUID.fromString(info.uuid());
        Instant at = info.stateChangedAt() != null ? info.stateChangedAt() : Instant.now();
        return transactions.readCommitted(connection -> repository.changeState(connection, uuid, info.name(), info.state(), at)
                .chain(before -> {
                    if (before == null) {
                        return repository.adopt(connection, uuid, info.name(), info.state(), at).replaceWithVoid();
                    }
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("vm_id", info.uuid());
                    data.put("name", info.name());
                    data.put("state", info.state());
                    data.put("previous_state", before.state());
                    data.put("changed_at", at.toString());
                    return outbox.append(connection, NewEvent.change(caller, "vm", "state_changed", info.uuid(), before.owner(),
                            Readers.READERS, data));
                }));
    }

    /** The poll waits while VirtualBox is off, but for the probe that finds whether it came back. */
    @Singleton
    public static class Unavailable implements Scheduled.SkipPredicate {

        private final VirtualBoxHost host;

        public Unavailable(VirtualBoxHost host) {
            this.host = host;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return host.knownVersion().isEmpty() && !host.probeDue();
        }
    }
}
