package dev.vmnet.notifications;

import dev.vmnet.common.Transactions;
import dev.vmnet.events.EventRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes new events from the outbox, in one transaction per batch: gives them their positions and
 * fans each out into one delivery per rule or integration that wants it and may see it. One
 * replica at a time does this (a transaction-scoped advisory lock; the others skip their turn), so
 * positions follow commit order and no event is fanned out twice.
 */
@ApplicationScoped
public class EventDispatcher {

    /** pg_advisory_xact_lock key of the dispatcher ("events" in ASCII). */
    public static final long LOCK = 0x6576656e7473L;
    private static final int BATCH = 500;

    private final Transactions transactions;
    private final EventRepository events;
    private final DeliveryRepository deliveries;

    public EventDispatcher(Transactions transactions, EventRepository events, DeliveryRepository deliveries) {
        this.transactions = transactions;
        this.events = events;
        this.deliveries = deliveries;
    }

    /** Dispatches one batch; answers how many events it took (0 when another replica holds the turn). */
    public Uni<Integer> dispatch() {
        return transactions.readCommitted(connection -> connection.query("SELECT pg_try_advisory_xact_lock(" + LOCK + ")").execute()
                .chain(locked -> !locked.iterator().next().getBoolean(0) ? Uni.createFrom().item(0)
                        : events.undispatched(connection, BATCH).chain(batch -> batch.isEmpty() ? Uni.createFrom().item(0)
                                : deliveries.subscribers(connection)
                                        .chain(subscribers -> deliveries.insert(connection, fanOut(batch, subscribers)))
                                        .chain(() -> events.position(connection, batch))
                                        .replaceWith(batch.size()))));
    }

    private static List<DeliveryRepository.NewDelivery> fanOut(List<EventRepository.Stored> batch, List<Subscriber> subscribers) {
        List<DeliveryRepository.NewDelivery> out = new ArrayList<>();
        for (EventRepository.Stored event : batch) {
            for (Subscriber subscriber : subscribers) {
                if (subscriber.wants(event)) {
                    out.add(new DeliveryRepository.NewDelivery(event.seq(), subscriber));
                }
            }
        }
        return out;
    }
}
