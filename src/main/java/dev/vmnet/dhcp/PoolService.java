package dev.vmnet.dhcp;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.change.RouterChanges;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import dev.vmnet.events.Readers;
import dev.vmnet.identity.Caller;
import dev.vmnet.network.Ipv4;
import dev.vmnet.network.Network;
import dev.vmnet.router.PoolRouterConfig;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.VyosDialect;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Creates, changes and deletes DHCP pools: the row is written first (its state says a change is
 * in flight), the writer applies the pool with the other router changes, and the row is marked
 * ready once the router holds it.
 *
 * <p>Compensation happens in {@link RouterChanges#apply}: a change the router did not take puts the
 * row back as it was; a change whose outcome is unknown (the router stopped answering) is rolled
 * back through {@link PoolRecovery} as soon as the router answers again, and one whose process died
 * by the recovery job of any replica.
 */
@ApplicationScoped
public class PoolService {

    private final PoolRepository pools;
    private final Transactions transactions;
    private final RouterWriter writer;
    private final Network network;
    private final AuditLog audit;
    private final VyosDialect dialect;
    private final RouterChanges changes;
    private final PoolRecovery kind;
    private final Outbox outbox;

    public PoolService(PoolRepository pools, Transactions transactions, RouterWriter writer, Network network, AuditLog audit,
            VyosDialect dialect, RouterChanges changes, PoolRecovery kind, Outbox outbox) {
        this.pools = pools;
        this.transactions = transactions;
        this.writer = writer;
        this.network = network;
        this.audit = audit;
        this.dialect = dialect;
        this.changes = changes;
        this.kind = kind;
        this.outbox = outbox;
    }

    public Uni<StoredPool> create(Caller caller, PoolRequest body) {
        DhcpPool pool = validate(body, null);
        return audit.record(caller, "dhcp_pool.create", pool.name(), writer.announced(coming -> transactions.readCommitted(
                        connection -> clearOfVpns(connection, pool).chain(() -> pools.insert(connection, pool)))
                .onFailure(PgException.class).transform(PoolService::conflict)
                .chain(stored -> apply(coming, stored, null, routerConfig(stored),
                        // compensation: the pool was not created
                        () -> pools.delete(transactions.pool(), stored.id()),
                        () -> settled(caller, "create", stored.pool(), connection -> pools.setState(connection, stored.id(),
                                StoredPool.CREATING, StoredPool.READY)))
                        .replaceWith(stored::ready))));
    }

    public Uni<StoredPool> update(Caller caller, String name, PoolRequest body) {
        DhcpPool pool = validate(body, name);
        return audit.record(caller, "dhcp_pool.update", name, writer.announced(coming -> find(name).chain(before -> {
            if (!before.state().equals(StoredPool.READY)) {
                return Uni.createFrom().failure(busy(name));
            }
            return pools.vmAddresses(transactions.pool(), name).invoke(ips -> keepsItsVms(before.pool(), pool, ips))
                    .chain(() -> transactions.readCommitted(connection -> clearOfVpns(connection, pool)
                            .chain(() -> pools.update(connection, pool))))
                    .onFailure(PgException.class).transform(PoolService::conflict)
                    .chain(after -> after == null ? Uni.createFrom().failure(busy(name))
                            : apply(coming, after, routerConfig(before), routerConfig(after),
                                    // compensation: the row gets back the values the update replaced
                                    () -> pools.restorePrevious(transactions.pool(), after.id(), null),
                                    () -> settled(caller, "update", after.pool(), connection -> pools.setState(connection, after.id(),
                                            StoredPool.CHANGING, StoredPool.READY)))
                                    .replaceWith(after::ready));
        })));
    }

    public Uni<Void> delete(Caller caller, String name) {
        return audit.record(caller, "dhcp_pool.delete", name, writer.announced(coming -> find(name).chain(before -> pools
                .setState(transactions.pool(), before.id(), StoredPool.READY, StoredPool.DELETING)
                .chain(marked -> !marked ? Uni.createFrom().failure(busy(name))
                        // marked first: a provision into the pool holds the row for share until it commits,
                        // so the count sees it, and a later one finds the pool busy
                        : pools.vmAddresses(transactions.pool(), name).chain(ips -> ips.isEmpty() ? Uni.createFrom().voidItem()
                                : pools.setState(transactions.pool(), before.id(), StoredPool.DELETING, StoredPool.READY)
                                        .chain(() -> Uni.createFrom().<Void>failure(ApiException.conflict("POOL_IN_USE",
                                                "DHCP pool '" + name + "' still has " + ips.size() + " VM" + (ips.size() == 1 ? "" : "s")
                                                        + "; decommission them first"))))
                        .chain(() -> apply(coming, before, routerConfig(before), null,
                                // compensation: the pool stays
                                () -> pools.setState(transactions.pool(), before.id(), StoredPool.DELETING, StoredPool.READY),
                                () -> settled(caller, "delete", before.pool(), connection -> pools.delete(connection, before.id()))))))));
    }

    public Uni<StoredPool> get(String name) {
        return find(name);
    }

    public Uni<List<StoredPool>> page(String after, int limit) {
        return pools.page(transactions.pool(), after, limit);
    }

    /** Settles the row with {@code settle} and appends the change's event, in one transaction (the outbox). Every caller reads pools. */
    private Uni<?> settled(Caller caller, String eventType, DhcpPool pool, Function<SqlConnection, Uni<?>> settle) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", pool.name());
        data.put("network", pool.network().toString());
        data.put("range_start", pool.rangeStart());
        data.put("range_stop", pool.rangeStop());
        return transactions.readCommitted(connection -> settle.apply(connection).call(() -> outbox.append(connection,
                NewEvent.change(caller, "dhcp_pool", eventType, pool.name(), null, Readers.EVERYONE, data))));
    }

    /** {@link RouterChanges#apply} for {@code stored}'s pool: where a pool change's compensation happens. */
    private Uni<Void> apply(RouterWriter.Expected coming, StoredPool stored, PoolRouterConfig before, PoolRouterConfig after,
            Supplier<Uni<?>> restore, Supplier<Uni<?>> confirm) {
        return changes.apply(coming, writer.pool(stored.pool().name()), before, after, kind, stored.id(), stored.pool().name(),
                restore, confirm);
    }

    /** A pool with VMs keeps its network, and their addresses stay outside its range and apart from its router. */
    private static void keepsItsVms(DhcpPool before, DhcpPool after, List<String> ips) {
        if (ips.isEmpty()) {
            return;
        }
        if (!before.network().equals(after.network())) {
            throw ApiException.conflict("POOL_IN_USE", "DHCP pool '" + before.name() + "' has " + ips.size()
                    + " VMs: its network cannot change");
        }
        for (String ip : ips) {
            if (!after.isStaticHost(Ipv4.parse(ip))) {
                throw ApiException.conflict("POOL_IN_USE", "a VM of DHCP pool '" + before.name() + "' has " + ip
                        + ", which the new range or default router would take");
            }
        }
    }

    /** Under the address lock: a VPN created meanwhile waits for this row, and checks it. */
    private Uni<Void> clearOfVpns(SqlClient connection, DhcpPool pool) {
        return pools.lockAddresses(connection).chain(() -> pools.vpnsOverlapping(connection, pool.network().toString()))
                .invoke(vpns -> {
                    if (!vpns.isEmpty()) {
                        throw ApiException.conflict("POOL_NETWORK_OVERLAP",
                                "network " + pool.network() + " overlaps the tunnel of VPN '" + vpns.get(0) + "'");
                    }
                }).replaceWithVoid();
    }

    private DhcpPool validate(PoolRequest body, String pathName) {
        return PoolRules.validate(body, pathName, network.sharedNetwork(), network.subnet());
    }

    private Uni<StoredPool> find(String name) {
        return pools.find(transactions.pool(), name).onItem().ifNull().failWith(() -> ApiException.notFound("POOL_NOT_FOUND",
                "DHCP pool '" + name + "' not found"));
    }

    private PoolRouterConfig routerConfig(StoredPool stored) {
        return stored.routerConfig(dialect.version());
    }

    private static ApiException busy(String name) {
        return ApiException.conflict("POOL_BUSY", "Another change to DHCP pool '" + name + "' is in progress; retry shortly");
    }

    private static Throwable conflict(Throwable e) {
        String state = ((PgException) e).getSqlState();
        if ("23505".equals(state)) {
            return ApiException.conflict("POOL_EXISTS", "A DHCP pool with this name already exists");
        }
        if ("23P01".equals(state)) {
            return ApiException.conflict("POOL_NETWORK_OVERLAP", "network overlaps another DHCP pool's network");
        }
        return e;
    }
}
