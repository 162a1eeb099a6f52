package dev.vmnet.provisioning;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Rolls back changes whose process died before they settled, so that no allocation leaks and no
 * half-applied config stays on the router (see {@link Recovery}). Several replicas may run it:
 * each VM is claimed before it is touched.
 */
@ApplicationScoped
public class RecoveryJob {

    private static final Logger LOG = Logger.getLogger(RecoveryJob.class);
    private static final int BATCH = 20;

    private final Recovery recovery;

    public RecoveryJob(Recovery recovery) {
        this.recovery = recovery;
    }

    @Scheduled(every = "${provisioning.recovery-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> recoverInterruptedChanges() {
        return recovery.interrupted(BATCH)
                .onItem().transformToMulti(vms -> Multi.createFrom().iterable(vms))
                .onItem().transformToUniAndConcatenate(vm -> recovery.recover(vm)
                        .onFailure().invoke(e -> LOG.warnf("Recovery of VM %s failed, retried later: %s",
                                vm.machineId(), e.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid();
    }
}
