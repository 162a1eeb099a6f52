package dev.vmnet.hadr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.crypto.Secrets;
import dev.vmnet.router.CommitLog;
import dev.vmnet.router.RouterOp;
import dev.vmnet.router.StandbyRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The log of what the active router committed, for the standby to replay: one row per /configure,
 * appended while the writer holds the router lock (so in commit order across replicas), with the
 * active router's last commit time. Ops with a secret value (a WireGuard key) are stored sealed.
 * A log write that fails never fails the commit: the standby is then marked for a repair.
 */
@ApplicationScoped
public class StandbyLog implements CommitLog {

    private static final Logger LOG = Logger.getLogger(StandbyLog.class);
    private static final String CONTEXT = "standby_log";

    private final Pool pool;
    private final StandbyRouter standby;
    private final Secrets secrets;
    private final ObjectMapper json;
    /** A batch this replica could not log: the standby needs a repair, recorded at the next chance. */
    private final AtomicBoolean missed = new AtomicBoolean();

    public StandbyLog(Pool pool, StandbyRouter standby, Secrets secrets, ObjectMapper json) {
        this.pool = pool;
        this.standby = standby;
        this.secrets = secrets;
        this.json = json;
    }

    /** One logged /configure. */
    record Entry(long seq, List<RouterOp> ops) {}

    @Override
    public Uni<Void> committed(List<RouterOp> ops) {
        boolean log = standby.present();
        boolean missedBefore = missed.getAndSet(false);
        return Uni.createFrom().deferred(() -> pool.preparedQuery("""
                                WITH logged AS (INSERT INTO standby_log (ops) SELECT $1 WHERE $2),
                                missed AS (UPDATE router_status SET needs_repair = true WHERE router <> (SELECT active FROM hadr_state) AND $3)
                                UPDATE router_status SET last_commit_at = now() WHERE router = (SELECT active FROM hadr_state)""")
                        .execute(Tuple.of(log ? write(ops) : null, log, missedBefore)))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("A commit could not be logged for the standby router, which will be repaired: %s", e.getMessage());
                    missed.set(log);
                    return Uni.createFrom().voidItem();
                });
    }

    /** The oldest entries, at most {@code limit}. */
    Uni<List<Entry>> oldest(SqlClient client, int limit) {
        return client.preparedQuery("SELECT seq, ops FROM standby_log ORDER BY seq LIMIT $1").execute(Tuple.of(limit)).map(rows -> {
            List<Entry> entries = new ArrayList<>();
            rows.forEach(row -> entries.add(new Entry(row.getLong("seq"), read(row.getString("ops")))));
            return entries;
        });
    }

    Uni<Void> deleteUpTo(SqlClient client, long seq) {
        return client.preparedQuery("DELETE FROM standby_log WHERE seq <= $1").execute(Tuple.of(seq)).replaceWithVoid();
    }

    /** How many commits the standby is behind. */
    Uni<Long> lag(SqlClient client) {
        return client.query("SELECT count(*) FROM standby_log").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    private String write(List<RouterOp> ops) {
        try {
            String text = json.writeValueAsString(ops);
            return ops.stream().anyMatch(RouterOp::secret) ? secrets.seal(text, CONTEXT) : text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<RouterOp> read(String stored) {
        try {
            return json.readValue(stored.startsWith("[") ? stored : secrets.open(stored, CONTEXT), new TypeReference<List<RouterOp>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a standby log entry is not JSON", e);
        }
    }
}
