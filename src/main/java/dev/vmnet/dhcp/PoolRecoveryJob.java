package dev.vmnet.dhcp;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Settles the pool changes whose process died, on the recovery job's schedule (idempotent: any replica may). */
@ApplicationScoped
public class PoolRecoveryJob {

    private final PoolService pools;

    public PoolRecoveryJob(PoolService pools) {
        this.pools = pools;
    }

    @Scheduled(every = "${provisioning.recovery-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> settleInterruptedPoolChanges() {
        return pools.settleInterrupted();
    }
}
