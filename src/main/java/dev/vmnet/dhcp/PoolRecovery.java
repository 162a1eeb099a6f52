package dev.vmnet.dhcp;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.change.RecoverableKind;
import dev.vmnet.common.Transactions;
import dev.vmnet.identity.Caller;
import dev.vmnet.router.PoolRouterConfig;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.VyosDialect;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * How an unsettled pool change is rolled back (see {@link dev.vmnet.change.Recovery}): a create
 * removes the pool from the router and the database, a delete keeps it, an update puts back the
 * values it replaced.
 */
@ApplicationScoped
public class PoolRecovery implements RecoverableKind {

    private static final Logger LOG = Logger.getLogger(PoolRecovery.class);

    private final PoolRepository pools;
    private final Transactions transactions;
    private final RouterWriter writer;
    private final VyosDialect dialect;
    private final AuditLog audit;

    public PoolRecovery(PoolRepository pools, Transactions transactions, RouterWriter writer, VyosDialect dialect, AuditLog audit) {
        this.pools = pools;
        this.transactions = transactions;
        this.writer = writer;
        this.dialect = dialect;
        this.audit = audit;
    }

    @Override
    public String kind() {
        return "DHCP pool";
    }

    @Override
    public Uni<List<Long>> interrupted(OffsetDateTime before, int limit) {
        return pools.unsettled(transactions.pool(), before, limit);
    }

    @Override
    public Uni<Void> rollBack(long id) {
        return pools.findById(transactions.pool(), id).chain(stored -> stored == null || stored.state().equals(StoredPool.READY)
                ? Uni.createFrom().voidItem()
                : pools.claimUnsettled(transactions.pool(), id, stored.stateSince()).chain(claimedAt -> claimedAt == null
                        ? Uni.createFrom().voidItem()
                        : audit.record(Caller.SYSTEM, "dhcp_pool.recover", stored.pool().name(), rollBack(stored, claimedAt)
                                        .invoke(() -> LOG.warnf("DHCP pool %s was left %s since %s: rolled the change back",
                                                stored.pool().name(), stored.state(), stored.stateSince())),
                                done -> "rolled back an interrupted " + stored.state())));
    }

    private Uni<Void> rollBack(StoredPool stored, OffsetDateTime claimedAt) {
        RouterWriter.Part<PoolRouterConfig> part = writer.pool(stored.pool().name());
        return switch (stored.state()) {
            case StoredPool.CREATING -> writer.converge(part, null)
                    .chain(() -> pools.delete(transactions.pool(), stored.id(), claimedAt));
            case StoredPool.CHANGING -> writer.converge(part, stored.previousRouterConfig(dialect.version()))
                    .chain(() -> pools.restorePrevious(transactions.pool(), stored.id(), claimedAt))
                    // another pool took the old network meanwhile: the update stands after all
                    .onFailure(e -> e instanceof PgException pg && "23P01".equals(pg.getSqlState()))
                    .recoverWithUni(() -> writer.converge(part, stored.routerConfig(dialect.version()))
                            .chain(() -> pools.setState(transactions.pool(), stored.id(), StoredPool.CHANGING, StoredPool.READY,
                                    claimedAt)))
                    .replaceWithVoid();
            default -> writer.converge(part, stored.routerConfig(dialect.version()))
                    .chain(() -> pools.setState(transactions.pool(), stored.id(), StoredPool.DELETING, StoredPool.READY, claimedAt))
                    .replaceWithVoid();
        };
    }
}
