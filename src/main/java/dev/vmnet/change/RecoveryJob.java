package dev.vmnet.change;

import io.quarkus.arc.All;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Rolls back changes whose process died before they settled, of every {@link RecoverableKind}, so
 * that no allocation leaks and no half-applied config stays on the router. Several replicas may run
 * it: each resource is claimed before it is touched.
 */
@ApplicationScoped
public class RecoveryJob {

    private static final Logger LOG = Logger.getLogger(RecoveryJob.class);
    private static final int BATCH = 20;

    private final List<RecoverableKind> kinds;
    private final ChangeConfig config;

    public RecoveryJob(@All List<RecoverableKind> kinds, ChangeConfig config) {
        this.kinds = kinds;
        this.config = config;
    }

    @Scheduled(every = "${provisioning.recovery-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> recoverInterruptedChanges() {
        OffsetDateTime before = OffsetDateTime.now().minus(config.recoveryAfter());
        return Multi.createFrom().iterable(kinds)
                .onItem().transformToUniAndConcatenate(kind -> kind.interrupted(before, BATCH)
                        .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                        .onItem().transformToUniAndConcatenate(id -> kind.rollBack(id)
                                .onFailure().invoke(e -> LOG.warnf("Recovery of %s %d failed, retried later: %s",
                                        kind.kind(), id, e.getMessage()))
                                .onFailure().recoverWithNull())
                        .collect().last()
                        // one kind's rows out of reach must not keep the others from recovery
                        .onFailure().invoke(e -> LOG.warnf("Looking for interrupted %s changes failed, retried later: %s",
                                kind.kind(), e.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid();
    }
}
