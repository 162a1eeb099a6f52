package dev.vmnet.stream;

import dev.vmnet.common.Transactions;
import dev.vmnet.events.EventRepository;
import dev.vmnet.events.EventsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The events of every replica, in their dispatch order, for this replica's stream sessions: one
 * reader follows the outbox's positions (every events.poll-interval while a session is open) and
 * hands each event to each session, which sends it if its caller may see it and asked for it.
 */
@ApplicationScoped
public class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);
    private static final int BATCH = 500;

    private final Transactions transactions;
    private final EventRepository events;
    private final Vertx vertx;
    private final EventsConfig config;
    private final Set<StreamSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean reading = new AtomicBoolean();
    /** The last position read; -1 until the first session starts the reader. */
    private volatile long position = -1;
    private long timer = -1;

    public EventStream(Transactions transactions, EventRepository events, Vertx vertx, EventsConfig config) {
        this.transactions = transactions;
        this.events = events;
        this.vertx = vertx;
        this.config = config;
    }

    /** From now on {@code session} gets every event dispatched after this moment. */
    synchronized void join(StreamSession session) {
        sessions.add(session);
        if (timer == -1) {
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> read());
        }
    }

    void leave(StreamSession session) {
        sessions.remove(session);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
    }

    private void read() {
        if (sessions.isEmpty() || !reading.compareAndSet(false, true)) {
            return;
        }
        Uni<List<EventRepository.Stored>> next = position < 0 ? catchUp() : events.after(transactions.pool(), position, BATCH)
                // nothing new: if the table's positions went back (a restored database), start again from its last
                .chain(batch -> batch.isEmpty() ? catchUp() : Uni.createFrom().item(batch));
        next.onTermination().invoke(() -> reading.set(false))
                .subscribe().with(batch -> {
                    for (EventRepository.Stored stored : batch) {
                        position = stored.position();
                        sessions.forEach(session -> session.offer(stored));
                    }
                }, e -> LOG.warnf("Could not read events for the stream: %s", e.getMessage()));
    }

    /** Starts from the last position when there is none yet, or when the table's last is behind it. */
    private Uni<List<EventRepository.Stored>> catchUp() {
        return events.lastPosition(transactions.pool()).map(last -> {
            if (position < 0 || last < position) {
                position = last;
            }
            return List.of();
        });
    }
}
