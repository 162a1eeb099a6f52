package dev.vmnet.notifications;

import dev.vmnet.common.Transactions;
import dev.vmnet.events.EventRepository;
import dev.vmnet.events.EventsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs the dispatcher and the delivery worker every events.poll-interval on each replica (a Vert.x
 * timer: the Quarkus scheduler runs nothing more often than once a second, and a stream waiting
 * for an event should not wait that long), and prunes events past events.retention every hour. A
 * turn still running when the next is due is skipped.
 */
@ApplicationScoped
public class EventJobs {

    private static final Logger LOG = Logger.getLogger(EventJobs.class);

    private final Vertx vertx;
    private final EventsConfig config;
    private final EventDispatcher dispatcher;
    private final DeliveryWorker worker;
    private final EventRepository events;
    private final Transactions transactions;
    private long timer = -1;
    private long pruner = -1;

    public EventJobs(Vertx vertx, EventsConfig config, EventDispatcher dispatcher, DeliveryWorker worker, EventRepository events,
            Transactions transactions) {
        this.vertx = vertx;
        this.config = config;
        this.dispatcher = dispatcher;
        this.worker = worker;
        this.events = events;
        this.transactions = transactions;
    }

    void start(@Observes StartupEvent event) {
        Runnable dispatch = everyTurn("dispatch events", dispatcher::dispatch);
        Runnable deliver = everyTurn("send deliveries", worker::deliverDue);
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> {
            dispatch.run();
            deliver.run();
        });
        // every replica may prune: the statement is the same whoever runs it, and cheap when there is nothing to do
        Runnable prune = everyTurn("prune old events", () -> events.prune(transactions.pool(), config.retention()));
        pruner = vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), Duration.ofHours(1).toMillis(), id -> prune.run());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
        vertx.cancelTimer(pruner);
    }

    private static Runnable everyTurn(String what, Supplier<Uni<Integer>> job) {
        AtomicBoolean running = new AtomicBoolean();
        return () -> {
            if (running.compareAndSet(false, true)) {
                job.get().onTermination().invoke(() -> running.set(false))
                        .subscribe().with(done -> { }, e -> LOG.warnf("Could not %s: %s", what, e.getMessage()));
            }
        };
    }
}
