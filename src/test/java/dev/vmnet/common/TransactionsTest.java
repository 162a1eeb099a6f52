package dev.vmnet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one place that retries SQLSTATE 40001: a real write skew is retried until both succeed. */
@QuarkusTest
class TransactionsTest {

    @Inject
    Transactions transactions;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void table() {
        pool.query("CREATE TABLE IF NOT EXISTS tx_probe (id int PRIMARY KEY, taken boolean NOT NULL)").execute()
                .chain(() -> pool.query("TRUNCATE tx_probe").execute())
                .chain(() -> pool.query("INSERT INTO tx_probe VALUES (1, false), (2, false)").execute())
                .await().indefinitely();
    }

    @Test
    void aWriteSkewIsRetriedUntilBothTransactionsSucceed() {
        double before = retries();
        CompletableFuture<Void> bothRead = new CompletableFuture<>();
        AtomicInteger reads = new AtomicInteger();
        // each takes a row only when no row is taken: serially one would see the other's row taken
        Uni<Boolean> first = takeIfNoneTaken(1, bothRead, reads);
        Uni<Boolean> second = takeIfNoneTaken(2, bothRead, reads);

        var results = Uni.combine().all().unis(first, second).asTuple().await().atMost(Duration.ofSeconds(30));

        assertTrue(results.getItem1() ^ results.getItem2(), "exactly one of them took a row");
        assertEquals(1L, pool.query("SELECT count(*) FROM tx_probe WHERE taken").execute()
                .await().indefinitely().iterator().next().getLong(0));
        assertTrue(retries() > before, "the loser was retried after 40001");
    }

    private Uni<Boolean> takeIfNoneTaken(int id, CompletableFuture<Void> bothRead, AtomicInteger reads) {
        return transactions.serializable(connection -> connection.query("SELECT count(*) FROM tx_probe WHERE taken").execute()
                .chain(rows -> {
                    long taken = rows.iterator().next().getLong(0);
                    if (reads.incrementAndGet() == 2) {
                        bothRead.complete(null);
                    }
                    return Uni.createFrom().completionStage(bothRead).replaceWith(taken);
                })
                .chain(taken -> taken > 0 ? Uni.createFrom().item(false)
                        : connection.query("UPDATE tx_probe SET taken = true WHERE id = " + id).execute().replaceWith(true)));
    }

    @Test
    void contentionThatNeverEndsIsA503AfterTheConfiguredRetries() {
        double before = retries();
        Throwable failure = transactions.serializable(connection -> Uni.createFrom().failure(
                        new PgException("could not serialize access", "ERROR", "40001", null)))
                .onItem().transform(Object.class::cast)
                .onFailure().recoverWithItem(e -> e).await().indefinitely() instanceof Throwable t ? t : null;

        ApiException problem = assertInstanceOf(ApiException.class, failure);
        assertEquals(503, problem.status());
        assertEquals("ALLOCATION_CONTENTION", problem.code());
        assertEquals(12, retries() - before, "db.serialization-retries");
    }

    private double retries() {
        return registry.counter("db.serialization.retries").count();
    }
}
