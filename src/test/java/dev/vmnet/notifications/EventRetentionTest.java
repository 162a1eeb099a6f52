package dev.vmnet.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.common.Transactions;
import dev.vmnet.events.EventRepository;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Old events go, with their finished deliveries; one still pending stays, and so does the last event. */
@QuarkusTest
class EventRetentionTest {

    @Inject
    NetworkState state;

    @Inject
    EventRepository events;

    @Inject
    Transactions transactions;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void eventsPastRetentionArePrunedUnlessADeliveryIsPendingOrTheyAreTheLast() {
        state.sql("""
                INSERT INTO app_user (username, password_hash, roles) VALUES ('ops', 'x', 'admin');
                INSERT INTO event (id, resource_type, resource_id, event_type, actor, result, readers, at, position) VALUES
                  (gen_random_uuid(), 'vm', 'old-done', 'create', 'system', 'success', 'admins', now() - interval '40 days', 1),
                  (gen_random_uuid(), 'vm', 'old-pending', 'create', 'system', 'success', 'admins', now() - interval '40 days', 2),
                  (gen_random_uuid(), 'vm', 'recent', 'create', 'system', 'success', 'admins', now() - interval '1 day', 3),
                  (gen_random_uuid(), 'vm', 'old-last', 'create', 'system', 'success', 'admins', now() - interval '40 days', 4);
                INSERT INTO delivery (event_seq, user_id, method, target, status)
                  SELECT seq, (SELECT id FROM app_user), 'webhook', 'https://example.com/', CASE WHEN resource_id = 'old-done'
                  THEN 'delivered' ELSE 'pending' END FROM event WHERE resource_id IN ('old-done', 'old-pending')""");

        assertEquals(1, events.prune(transactions.pool(), Duration.ofDays(30)).await().indefinitely());
        assertEquals(0, state.count("SELECT count(*) FROM event WHERE resource_id = 'old-done'"));
        assertEquals(3, state.count("SELECT count(*) FROM event"));
        assertEquals(1, state.count("SELECT count(*) FROM delivery"), "the pruned event's delivery went with it");
    }
}
