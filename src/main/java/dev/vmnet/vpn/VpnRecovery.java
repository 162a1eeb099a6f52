package dev.vmnet.vpn;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.change.RecoverableKind;
import dev.vmnet.common.Transactions;
import dev.vmnet.identity.Caller;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.VpnRouterConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * How an unsettled VPN change is rolled back (see {@link dev.vmnet.change.Recovery}): a create
 * removes the VPN from the router and the database, a delete keeps it, an update puts back the
 * config it replaced.
 */
@ApplicationScoped
public class VpnRecovery implements RecoverableKind {

    private static final Logger LOG = Logger.getLogger(VpnRecovery.class);

    private final VpnRepository vpns;
    private final VpnConfigs configs;
    private final Transactions transactions;
    private final RouterWriter writer;
    private final AuditLog audit;

    public VpnRecovery(VpnRepository vpns, VpnConfigs configs, Transactions transactions, RouterWriter writer, AuditLog audit) {
        this.vpns = vpns;
        this.configs = configs;
        this.transactions = transactions;
        this.writer = writer;
        this.audit = audit;
    }

    @Override
    public String kind() {
        return "VPN";
    }

    @Override
    public Uni<List<Long>> interrupted(OffsetDateTime before, int limit) {
        return vpns.unsettled(transactions.pool(), before, limit);
    }

    @Override
    public Uni<Void> rollBack(long id) {
        return vpns.findById(transactions.pool(), id).chain(stored -> stored == null || stored.state().equals(StoredVpn.READY)
                ? Uni.createFrom().voidItem()
                : vpns.claimUnsettled(transactions.pool(), id, stored.stateSince()).chain(claimedAt -> claimedAt == null
                        ? Uni.createFrom().voidItem()
                        : audit.record(Caller.SYSTEM, "vpn.recover", stored.name(), rollBack(stored, claimedAt)
                                        .invoke(() -> LOG.warnf("VPN %s was left %s since %s: rolled the change back",
                                                stored.name(), stored.state(), stored.stateSince())),
                                done -> "rolled back an interrupted " + stored.state())));
    }

    private Uni<Void> rollBack(StoredVpn stored, OffsetDateTime claimedAt) {
        RouterWriter.Part<VpnRouterConfig> part = writer.vpn(stored.routerKey());
        return switch (stored.state()) {
            case StoredVpn.CREATING -> writer.converge(part, null)
                    .chain(() -> vpns.delete(transactions.pool(), stored.id(), claimedAt));
            case StoredVpn.CHANGING -> writer.converge(part, configs.previous(stored))
                    .chain(() -> vpns.restorePrevious(transactions.pool(), stored.id(), claimedAt))
                    // another VPN took the old port or network meanwhile: the update stands after all
                    .onFailure(e -> e instanceof PgException pg && ("23P01".equals(pg.getSqlState()) || "23505".equals(pg.getSqlState())))
                    .recoverWithUni(() -> writer.converge(part, configs.config(stored))
                            .chain(() -> vpns.setState(transactions.pool(), stored.id(), StoredVpn.CHANGING, StoredVpn.READY,
                                    claimedAt)))
                    .replaceWithVoid();
            default -> writer.converge(part, configs.config(stored))
                    .chain(() -> vpns.setState(transactions.pool(), stored.id(), StoredVpn.DELETING, StoredVpn.READY, claimedAt))
                    .replaceWithVoid();
        };
    }
}
