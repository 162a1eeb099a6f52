package dev.vmnet.provisioning;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Rolls back changes that a crash (or a router that stopped answering) left unsettled, so that no
 * allocation leaks and no half-applied config stays on the router. Several replicas may run it:
 * each VM is claimed before it is touched.
 */
@ApplicationScoped
public class RecoveryJob {

    private static final Logger LOG = Logger.getLogger(RecoveryJob.class);
    private static final int BATCH = 20;

    private final ProvisioningService service;

    public RecoveryJob(ProvisioningService service) {
        this.service = service;
    }

    @Scheduled(every = "${provisioning.recovery-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> recoverInterruptedChanges() {
        return service.interrupted(BATCH)
                .onItem().transformToMulti(vms -> Multi.createFrom().iterable(vms))
                .onItem().transformToUniAndConcatenate(vm -> service.recover(vm)
                        .onFailure().invoke(e -> LOG.warnf("Recovery of VM %s failed, retried later: %s",
                                vm.machineId(), e.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid();
    }
}
