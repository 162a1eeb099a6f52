package dev.vmnet.router;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * One writer per router across every replica: a PostgreSQL session advisory lock, keyed by the
 * router's URL, held on a connection of its own for one batch at a time. PostgreSQL grants waiting
 * lock requests in order, so replicas take turns; a replica that dies loses its connection and, with
 * it, the lock.
 */
@ApplicationScoped
public class RouterLock {

    private static final int NAMESPACE = 0x766d6e74; // "vmnt"

    private final Pool pool;
    private final int key;

    public RouterLock(Pool pool, RouterEndpoint endpoint) {
        this.pool = pool;
        this.key = endpoint.baseUri().toString().hashCode();
    }

    /** Runs {@code work} while this replica holds the router; waits for its turn. */
    public <T> Uni<T> holding(Supplier<Uni<T>> work) {
        return pool.getConnection().chain(connection -> lock(connection, "pg_advisory_lock")
                .chain(() -> Uni.createFrom().<T>deferred(work::get))
                .eventually(() -> lock(connection, "pg_advisory_unlock").onFailure().recoverWithNull()
                        .eventually(connection::close)));
    }

    /** Runs {@code work} holding {@code purpose}'s lock (one of {@link #ifFree}'s), waiting for it. */
    public <T> Uni<T> holding(int purpose, Supplier<Uni<T>> work) {
        return pool.getConnection().chain(connection -> connection
                .preparedQuery("SELECT pg_advisory_lock($1, $2)").execute(Tuple.of(NAMESPACE + 1, purpose))
                .chain(() -> Uni.createFrom().<T>deferred(work::get))
                .eventually(() -> connection.preparedQuery("SELECT pg_advisory_unlock($1, $2)").execute(Tuple.of(NAMESPACE + 1, purpose))
                        .onFailure().recoverWithNull().eventually(connection::close)));
    }

    /** Runs {@code work} only if no one else holds {@code purpose}'s lock right now; null otherwise. */
    public <T> Uni<T> ifFree(int purpose, Supplier<Uni<T>> work) {
        return pool.getConnection().chain(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_lock($1, $2) AS locked").execute(Tuple.of(NAMESPACE + 1, purpose))
                .chain(rows -> rows.iterator().next().getBoolean("locked")
                        ? Uni.createFrom().<T>deferred(work::get).eventually(() -> connection
                                .preparedQuery("SELECT pg_advisory_unlock($1, $2)").execute(Tuple.of(NAMESPACE + 1, purpose))
                                .onFailure().recoverWithNull())
                        : Uni.createFrom().<T>nullItem())
                .eventually(connection::close));
    }

    private Uni<Void> lock(SqlConnection connection, String function) {
        return connection.preparedQuery("SELECT " + function + "($1, $2)").execute(Tuple.of(NAMESPACE, key)).replaceWithVoid();
    }
}
