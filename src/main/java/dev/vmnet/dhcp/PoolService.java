package dev.vmnet.dhcp;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.identity.Caller;
import dev.vmnet.network.Ipv4;
import dev.vmnet.network.Network;
import dev.vmnet.provisioning.ProvisioningConfig;
import dev.vmnet.router.PoolRouterConfig;
import dev.vmnet.router.RouterConfig;
import dev.vmnet.router.RouterException;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.VyosDialect;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Creates, changes and deletes DHCP pools: the row is written first (its state says a change is
 * in flight), the writer applies the pool with the other router changes, and the row is marked
 * ready once the router holds it.
 *
 * <p>Compensation happens here: a change the router did not take puts the row back as it was; a
 * change whose outcome is unknown (the router stopped answering) is rolled back on the router as
 * soon as it answers again, by this replica; one whose process died is settled by the recovery
 * job, which makes the router hold what the row says (see {@link #settleInterrupted}).
 */
@ApplicationScoped
public class PoolService {

    private static final Logger LOG = Logger.getLogger(PoolService.class);

    private final PoolRepository pools;
    private final Transactions transactions;
    private final RouterWriter writer;
    private final Network network;
    private final AuditLog audit;
    private final ProvisioningConfig provisioning;
    private final RouterConfig router;
    private final VyosDialect dialect;

    public PoolService(PoolRepository pools, Transactions transactions, RouterWriter writer, Network network, AuditLog audit,
            ProvisioningConfig provisioning, RouterConfig router, VyosDialect dialect) {
        this.dialect = dialect;
        this.pools = pools;
        this.transactions = transactions;
        this.writer = writer;
        this.network = network;
        this.audit = audit;
        this.provisioning = provisioning;
        this.router = router;
    }

    public Uni<StoredPool> create(Caller caller, PoolRequest body) {
        DhcpPool pool = validate(body, null);
        return audit.record(caller, "dhcp_pool.create", pool.name(), transactions.readCommitted(
                        connection -> pools.insert(connection, pool))
                .onFailure(PgException.class).transform(PoolService::conflict)
                .chain(stored -> writer.apply(writer.pool(pool.name()), null, routerConfig(stored), deadline())
                        // compensation: the pool was not created
                        .onFailure().call(failure -> undo(failure, () -> writer.converge(writer.pool(pool.name()), null),
                                () -> pools.delete(transactions.pool(), stored.id())))
                        .chain(() -> pools.setState(transactions.pool(), stored.id(), StoredPool.CREATING, StoredPool.READY))
                        .replaceWith(() -> ready(stored))));
    }

    public Uni<StoredPool> update(Caller caller, String name, PoolRequest body) {
        DhcpPool pool = validate(body, name);
        return audit.record(caller, "dhcp_pool.update", name, find(name).chain(before -> {
            if (!before.state().equals(StoredPool.READY)) {
                return Uni.createFrom().failure(busy(name));
            }
            return pools.vmAddresses(transactions.pool(), name).invoke(ips -> keepsItsVms(before.pool(), pool, ips))
                    .chain(() -> transactions.readCommitted(connection -> pools.update(connection, pool)))
                    .onFailure(PgException.class).transform(PoolService::conflict)
                    .chain(after -> after == null ? Uni.createFrom().failure(busy(name))
                            : writer.apply(writer.pool(name), routerConfig(before), routerConfig(after), deadline())
                                    // compensation: the row gets its values back
                                    .onFailure().call(failure -> undo(failure,
                                            () -> writer.converge(writer.pool(name), routerConfig(before)),
                                            () -> transactions.readCommitted(connection -> pools.update(connection, before.pool())
                                                    .chain(() -> pools.setState(connection, before.id(), StoredPool.CHANGING, StoredPool.READY)))
                                                    .replaceWithVoid()))
                                    .chain(() -> pools.setState(transactions.pool(), after.id(), StoredPool.CHANGING, StoredPool.READY))
                                    .replaceWith(() -> ready(after)));
        }));
    }

    public Uni<Void> delete(Caller caller, String name) {
        return audit.record(caller, "dhcp_pool.delete", name, find(name).chain(before -> pools.setState(transactions.pool(),
                        before.id(), StoredPool.READY, StoredPool.DELETING)
                .chain(marked -> !marked ? Uni.createFrom().failure(busy(name))
                        // marked first: a provision into the pool holds the row for share until it commits,
                        // so the count sees it, and a later one finds the pool busy
                        : pools.vmAddresses(transactions.pool(), name).chain(ips -> ips.isEmpty() ? Uni.createFrom().voidItem()
                                : pools.setState(transactions.pool(), before.id(), StoredPool.DELETING, StoredPool.READY)
                                        .chain(() -> Uni.createFrom().<Void>failure(ApiException.conflict("POOL_IN_USE",
                                                "DHCP pool '" + name + "' still has " + ips.size() + " VM" + (ips.size() == 1 ? "" : "s")
                                                        + "; decommission them first"))))
                        .chain(() -> writer.apply(writer.pool(name), routerConfig(before), null, deadline()))
                                // compensation: the pool stays
                                .onFailure().call(failure -> undo(failure,
                                        () -> writer.converge(writer.pool(name), routerConfig(before)),
                                        () -> pools.setState(transactions.pool(), before.id(), StoredPool.DELETING, StoredPool.READY)
                                                .replaceWithVoid()))
                                .chain(() -> pools.delete(transactions.pool(), before.id())))));
    }

    public Uni<StoredPool> get(String name) {
        return find(name);
    }

    public Uni<List<StoredPool>> page(String after, int limit) {
        return pools.page(transactions.pool(), after, limit);
    }

    /**
     * Pools left in a change longer than provisioning.recovery-after lost their process: the router
     * is made to hold what the row says (a deleting pool: nothing), then the row is settled.
     */
    public Uni<Void> settleInterrupted() {
        return pools.unsettled(transactions.pool(), provisioning.recoveryAfter())
                .onItem().transformToMulti(found -> Multi.createFrom().iterable(found))
                .onItem().transformToUniAndConcatenate(this::settle)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> settle(StoredPool stored) {
        boolean deleting = stored.state().equals(StoredPool.DELETING);
        return writer.converge(writer.pool(stored.pool().name()), deleting ? null : routerConfig(stored))
                .chain(() -> deleting ? pools.delete(transactions.pool(), stored.id())
                        : pools.setState(transactions.pool(), stored.id(), stored.state(), StoredPool.READY).replaceWithVoid())
                .invoke(() -> LOG.warnf("DHCP pool %s was left %s: the router now holds what the database says",
                        stored.pool().name(), stored.state()))
                .onFailure().invoke(e -> LOG.warnf("DHCP pool %s is still unsettled: %s", stored.pool().name(), e.getMessage()))
                .onFailure().recoverWithNull();
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

    private DhcpPool validate(PoolRequest body, String pathName) {
        return PoolRules.validate(body, pathName, network.sharedNetwork(), network.subnet());
    }

    private Uni<StoredPool> find(String name) {
        return pools.find(transactions.pool(), name).onItem().ifNull().failWith(() -> ApiException.notFound("POOL_NOT_FOUND",
                "DHCP pool '" + name + "' not found"));
    }

    /**
     * After a failed change: when the router did not take it, {@code restore} puts the row back at
     * once; when its state is unknown, the router is first made to hold the old pool ({@code
     * rollBack}, retried with back-off from 1 s to vyos.read-timeout until it answers), then the
     * row is restored. The caller gets the failure either way.
     */
    private Uni<Void> undo(Throwable failure, Supplier<Uni<Void>> rollBack, Supplier<Uni<Void>> restore) {
        if (!(failure instanceof RouterException routerFailure) || routerFailure.kind() != RouterException.Kind.STATE_UNKNOWN) {
            return restore.get().onFailure().recoverWithNull();
        }
        Uni.createFrom().deferred(rollBack::get)
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), router.readTimeout()).expireIn(provisioning.recoveryAfter().toMillis())
                .chain(restore::get)
                .subscribe().with(ok -> LOG.info("A DHCP pool change left unknown by the router was rolled back"),
                        e -> LOG.warnf("A DHCP pool change is still unsettled; the recovery job settles it: %s", e.getMessage()));
        return Uni.createFrom().voidItem();
    }

    private PoolRouterConfig routerConfig(StoredPool stored) {
        return stored.routerConfig(dialect.version());
    }

    private Instant deadline() {
        return Instant.now().plus(provisioning.queueTimeout());
    }

    private static StoredPool ready(StoredPool stored) {
        return new StoredPool(stored.id(), stored.pool(), StoredPool.READY, stored.createdAt());
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
