package dev.vmnet.analytics;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of /v1/analytics, computed in SQL. {@code owner} limits them to one owner's
 * resources (user:bob) and changes (made as the user or with its keys); null for all.
 */
@ApplicationScoped
public class AnalyticsRepository {

    private final Pool pool;

    public AnalyticsRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Map<String, Usage.Count>> pools() {
        return pool.query("""
                        SELECT (SELECT count(*) FROM vm WHERE dhcp_pool IS NULL) AS ip_used, (SELECT count(*) FROM free_ip) AS ip_free,
                               (SELECT count(*) FROM vm_port WHERE external_port IS NOT NULL) + (SELECT count(*) FROM vpn
                                   WHERE listen_port IS NOT NULL) AS port_used, (SELECT count(*) FROM free_port) AS port_free,
                               (SELECT count(*) FROM vm) AS block_used, (SELECT count(*) FROM free_rule_block) AS block_free""")
                .execute().map(rows -> {
                    Row row = rows.iterator().next();
                    Map<String, Usage.Count> pools = new LinkedHashMap<>();
                    pools.put("addresses", count(row, "ip"));
                    pools.put("ports", count(row, "port"));
                    pools.put("rule_blocks", count(row, "block"));
                    return pools;
                });
    }

    /** Each DHCP pool's static addresses: the hosts of its network outside the dynamic range, less the default router. */
    Uni<List<Usage.DhcpPool>> dhcpPools() {
        return pool.query("""
                        SELECT p.name, p.network::text AS network, count(v.id) AS used,
                               (2 ^ (32 - masklen(p.network)))::bigint - 2 - (p.range_stop::inet - p.range_start::inet + 1) - 1 AS total
                        FROM dhcp_pool p LEFT JOIN vm v ON v.dhcp_pool = p.name
                        GROUP BY p.id ORDER BY p.name""")
                .execute().map(rows -> {
                    List<Usage.DhcpPool> pools = new ArrayList<>();
                    for (Row row : rows) {
                        long total = Math.max(0, row.getLong("total"));
                        long used = row.getLong("used");
                        pools.add(new Usage.DhcpPool(row.getString("name"), row.getString("network"), used, Math.max(0, total - used), total));
                    }
                    return pools;
                });
    }

    Uni<Map<String, Long>> vms(String owner) {
        return grouped("SELECT state, count(*) FROM vm WHERE $1::text IS NULL OR owner = $1 GROUP BY state ORDER BY state", owner);
    }

    Uni<Map<String, Long>> ports(String owner) {
        return grouped("SELECT p.status, count(*) FROM vm_port p JOIN vm v ON v.id = p.vm_id WHERE $1::text IS NULL OR v.owner = $1"
                + " GROUP BY p.status ORDER BY p.status", owner);
    }

    Uni<Map<String, Long>> vpns(String owner) {
        return grouped("SELECT type, count(*) FROM vpn WHERE $1::text IS NULL OR owner = $1 GROUP BY type ORDER BY type", owner);
    }

    /** All keys by kind (admin, user, personal, expired). */
    Uni<Map<String, Long>> apiKeys() {
        return pool.query("""
                        SELECT count(*) FILTER (WHERE is_admin) AS admin, count(*) FILTER (WHERE NOT is_admin AND user_id IS NULL) AS "user",
                               count(*) FILTER (WHERE user_id IS NOT NULL) AS personal,
                               count(*) FILTER (WHERE expires_at < now()) AS expired, count(*) AS total FROM api_key""")
                .execute().map(AnalyticsRepository::columns);
    }

    /** A user's own keys. */
    Uni<Map<String, Long>> apiKeysOf(String username) {
        return pool.preparedQuery("""
                        SELECT count(*) FILTER (WHERE k.expires_at < now()) AS expired, count(*) AS total
                        FROM api_key k JOIN app_user u ON u.id = k.user_id WHERE u.username = $1""")
                .execute(Tuple.of(username)).map(AnalyticsRepository::columns);
    }

    /** Users by role (a user with two roles counts in both), and in all. */
    Uni<Map<String, Long>> users() {
        return pool.query("""
                        SELECT role, count(*) FROM (SELECT unnest(string_to_array(roles, ',')) AS role FROM app_user) r GROUP BY role
                        UNION ALL SELECT 'total', count(*) FROM app_user""")
                .execute().map(AnalyticsRepository::grouped);
    }

    /** Changes per bucket, action and result, oldest first. */
    Uni<List<Activity.Bucket>> buckets(OffsetDateTime from, OffsetDateTime to, String bucket, String owner) {
        return pool.preparedQuery("""
                        SELECT date_trunc($3, at, 'UTC') AS start, action, result, count(*) AS n
                        FROM audit_log WHERE at >= $1 AND at < $2 AND """ + byOwner(4) + """

                        GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC, 2, 3""")
                .execute(Tuple.tuple(Arrays.asList(from, to, bucket, owner))).map(rows -> {
                    Map<OffsetDateTime, List<Activity.Change>> byStart = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byStart.computeIfAbsent(row.getOffsetDateTime("start"), start -> new ArrayList<>())
                                .add(new Activity.Change(row.getString("action"), row.getString("result"), row.getLong("n")));
                    }
                    List<Activity.Bucket> buckets = new ArrayList<>();
                    byStart.forEach((start, changes) -> buckets.add(new Activity.Bucket(start,
                            changes.stream().mapToLong(Activity.Change::count).sum(), changes)));
                    return buckets;
                });
    }

    Uni<List<Activity.Actor>> topActors(OffsetDateTime from, OffsetDateTime to, String owner) {
        return pool.preparedQuery("SELECT actor, count(*) AS n FROM audit_log WHERE at >= $1 AND at < $2 AND " + byOwner(3)
                        + " GROUP BY actor ORDER BY n DESC, actor LIMIT 10")
                .execute(Tuple.tuple(Arrays.asList(from, to, owner))).map(rows -> {
                    List<Activity.Actor> actors = new ArrayList<>();
                    rows.forEach(row -> actors.add(new Activity.Actor(row.getString("actor"), row.getLong("n"))));
                    return actors;
                });
    }

    Uni<List<Activity.Failure>> failures(OffsetDateTime from, OffsetDateTime to, String owner) {
        return pool.preparedQuery("SELECT result, count(*) AS n FROM audit_log WHERE at >= $1 AND at < $2 AND result <> 'success' AND "
                        + byOwner(3) + " GROUP BY result ORDER BY n DESC, result")
                .execute(Tuple.tuple(Arrays.asList(from, to, owner))).map(rows -> {
                    List<Activity.Failure> failures = new ArrayList<>();
                    rows.forEach(row -> failures.add(new Activity.Failure(row.getString("result"), row.getLong("n"))));
                    return failures;
                });
    }

    /** Parameter $n is the owner (user:bob), or null for all: its changes are those made as the user or with one of its keys. */
    private static String byOwner(int n) {
        return ("($n::text IS NULL OR actor = $n OR actor IN (SELECT 'key:' || k.id FROM api_key k JOIN app_user u ON u.id = k.user_id"
                + " WHERE 'user:' || u.username = $n))").replace("$n", "$" + n);
    }

    private Uni<Map<String, Long>> grouped(String sql, String owner) {
        return pool.preparedQuery(sql).execute(Tuple.of(owner)).map(AnalyticsRepository::grouped);
    }

    private static Map<String, Long> grouped(RowSet<Row> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        rows.forEach(row -> counts.put(row.getString(0), row.getLong(1)));
        return counts;
    }

    private static Usage.Count count(Row row, String prefix) {
        long used = row.getLong(prefix + "_used");
        long free = row.getLong(prefix + "_free");
        return new Usage.Count(used, free, used + free);
    }

    private static Map<String, Long> columns(RowSet<Row> rows) {
        Row row = rows.iterator().next();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            counts.put(row.getColumnName(i), row.getLong(i));
        }
        return counts;
    }
}
