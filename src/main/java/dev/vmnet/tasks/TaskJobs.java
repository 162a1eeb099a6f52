package dev.vmnet.tasks;

import dev.vmnet.common.Transactions;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Every tasks.poll-interval, each replica claims the due occurrences no other replica holds and
 * runs them (Quarkus Scheduler plus FOR UPDATE SKIP LOCKED: one replica per occurrence, however
 * many poll), and records runs whose replica died as failed.
 */
@ApplicationScoped
public class TaskJobs {

    private static final Logger LOG = Logger.getLogger(TaskJobs.class);
    private static final int BATCH = 16;

    private final Transactions transactions;
    private final TaskRepository repository;
    private final TaskRunner runner;
    private final TasksConfig config;

    public TaskJobs(Transactions transactions, TaskRepository repository, TaskRunner runner, TasksConfig config) {
        this.transactions = transactions;
        this.repository = repository;
        this.runner = runner;
        this.config = config;
    }

    @Scheduled(every = "${tasks.poll-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runDue().onFailure().invoke(e -> LOG.warnf("Running due scheduled tasks failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Claims and runs what is due; answers how many runs it made. */
    public Uni<Integer> runDue() {
        return repository.failAbandoned(transactions.pool(), config.runTimeout().toMillis())
                .chain(() -> transactions.readCommitted(connection -> repository.claimDue(connection, BATCH)))
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(claimed).onItem().transformToUni(one -> runner.run(one.task(), one.run()))
                                .merge(4).collect().asList().map(runs -> runs.size()));
    }
}
