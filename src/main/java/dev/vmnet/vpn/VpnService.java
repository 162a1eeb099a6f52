package dev.vmnet.vpn;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.change.RouterChanges;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.crypto.OpenVpnKeys;
import dev.vmnet.crypto.Secrets;
import dev.vmnet.crypto.WireGuardKeys;
import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import dev.vmnet.events.Readers;
import dev.vmnet.identity.Caller;
import dev.vmnet.network.Ipv4;
import dev.vmnet.network.Network;
import dev.vmnet.network.PortPool;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.VpnRouterConfig;
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
 * Creates, changes and deletes VPNs like DHCP pools: the row first (its state says a change is in
 * flight, its secrets sealed), then the router through the writer, then the row is marked ready.
 * A VPN belongs to its creator: others get 404, admins reach all, viewers read all.
 *
 * <p>Compensation happens in {@link RouterChanges#apply}: a change the router refused puts the row
 * back; one whose outcome is unknown is rolled back through {@link VpnRecovery}.
 */
@ApplicationScoped
public class VpnService {

    private final VpnRepository vpns;
    private final VpnConfigs configs;
    private final Transactions transactions;
    private final RouterWriter writer;
    private final RouterChanges changes;
    private final VpnRecovery kind;
    private final Network network;
    private final Secrets secrets;
    private final AuditLog audit;
    private final VyosDialect.Version version;
    private final Outbox outbox;

    public VpnService(VpnRepository vpns, VpnConfigs configs, Transactions transactions, RouterWriter writer, RouterChanges changes,
            VpnRecovery kind, Network network, Secrets secrets, AuditLog audit, VyosDialect dialect, Outbox outbox) {
        this.vpns = vpns;
        this.configs = configs;
        this.transactions = transactions;
        this.writer = writer;
        this.changes = changes;
        this.kind = kind;
        this.network = network;
        this.secrets = secrets;
        this.audit = audit;
        this.version = dialect.version();
        this.outbox = outbox;
    }

    public Uni<StoredVpn> create(Caller caller, VpnRequest body) {
        secrets.require();
        VpnRules.Checked checked = VpnRules.check(body, null, null, version);
        checkAgainstNetwork(checked);
        return audit.record(caller, "vpn.create", checked.name(), writer.announced(coming -> transactions.readCommitted(
                        connection -> vpns.lock(connection)
                                .chain(() -> checkAgainstPools(connection, checked))
                                .chain(() -> routerKey(connection, checked))
                                .chain(key -> {
                                    VpnRouterConfig config = checked.config().apply(key);
                                    return vpns.insert(connection, new StoredVpn(0, checked.name(), checked.type(), key,
                                            checked.listenPort(), tunnel(checked), localPublic(config), configs.encode(config),
                                            null, caller.owner(), StoredVpn.CREATING, null, null));
                                }))
                .onFailure(PgException.class).transform(VpnService::conflict)
                .chain(stored -> apply(coming, stored, null, configs.config(stored),
                        // compensation: the VPN was not created
                        () -> vpns.delete(transactions.pool(), stored.id(), null),
                        () -> settled(caller, "create", stored, connection -> vpns.setState(connection, stored.id(), StoredVpn.CREATING,
                                StoredVpn.READY, null)))
                        .replaceWith(stored::ready))));
    }

    /** A full new body for the VPN: its peers, allowed IPs, prefixes and keepalive change in place; its type and keys stay. */
    public Uni<StoredVpn> update(Caller caller, String name, VpnRequest body) {
        secrets.require();
        return audit.record(caller, "vpn.update", name, writer.announced(coming -> find(caller, name).chain(before -> {
            if (!before.state().equals(StoredVpn.READY)) {
                return Uni.createFrom().failure(busy(name));
            }
            if (body.type() != null && !body.type().equals(before.type())) {
                return Uni.createFrom().failure(ApiException.unprocessable("VPN_TYPE_CHANGE",
                        "type cannot change from " + before.type() + " to " + body.type() + "; delete the VPN and create it anew"));
            }
            VpnRouterConfig was = configs.config(before);
            VpnRules.Checked checked = VpnRules.check(body, name, was, version);
            checkAgainstNetwork(checked);
            VpnRouterConfig config = checked.config().apply(before.routerKey());
            return transactions.readCommitted(connection -> vpns.lock(connection)
                            .chain(() -> checkAgainstPools(connection, checked))
                            .chain(() -> vpns.update(connection, before.id(), checked.listenPort(), tunnel(checked),
                                    localPublic(config), configs.encode(config))))
                    .onFailure(PgException.class).transform(VpnService::conflict)
                    .chain(after -> after == null ? Uni.createFrom().failure(busy(name))
                            : apply(coming, after, was, config,
                                    // compensation: the row gets back the config the update replaced
                                    () -> vpns.restorePrevious(transactions.pool(), after.id(), null),
                                    () -> settled(caller, "update", after, connection -> vpns.setState(connection, after.id(),
                                            StoredVpn.CHANGING, StoredVpn.READY, null)))
                                    .replaceWith(after::ready));
        })));
    }

    public Uni<Void> delete(Caller caller, String name) {
        return audit.record(caller, "vpn.delete", name, writer.announced(coming -> find(caller, name).chain(before -> vpns
                .setState(transactions.pool(), before.id(), StoredVpn.READY, StoredVpn.DELETING, null)
                .chain(marked -> !marked ? Uni.createFrom().failure(busy(name))
                        : apply(coming, before, configs.config(before), null,
                                // compensation: the VPN stays
                                () -> vpns.setState(transactions.pool(), before.id(), StoredVpn.DELETING, StoredVpn.READY, null),
                                () -> settled(caller, "delete", before, connection -> vpns.delete(connection, before.id(), null)))))));
    }

    public Uni<StoredVpn> get(Caller caller, String name) {
        return find(readFilter(caller), name);
    }

    public Uni<List<StoredVpn>> page(Caller caller, String after, int limit) {
        return vpns.page(transactions.pool(), caller.readsAll() ? null : caller.owner(), after, limit);
    }

    /** Settles the row with {@code settle} and appends the change's event, in one transaction (the outbox). */
    private Uni<?> settled(Caller caller, String eventType, StoredVpn vpn, Function<SqlConnection, Uni<?>> settle) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", vpn.name());
        data.put("type", vpn.type());
        data.put("listen_port", vpn.listenPort());
        data.put("tunnel_network", vpn.tunnelNetwork());
        return transactions.readCommitted(connection -> settle.apply(connection).call(() -> outbox.append(connection,
                NewEvent.change(caller, "vpn", eventType, vpn.name(), vpn.owner(), Readers.READERS, data))));
    }

    /** {@link RouterChanges#apply} for {@code stored}'s VPN: where a VPN change's compensation happens. */
    private Uni<Void> apply(RouterWriter.Expected coming, StoredVpn stored, VpnRouterConfig before, VpnRouterConfig after,
            Supplier<Uni<?>> restore, Supplier<Uni<?>> confirm) {
        return changes.apply(coming, writer.vpn(stored.routerKey()), before, after, kind, stored.id(), stored.name(), restore, confirm);
    }

    /** The port must stay out of the external port pool and the tunnel off the service's own subnet. */
    private void checkAgainstNetwork(VpnRules.Checked checked) {
        PortPool ports = network.defaultPortPool();
        if (checked.listenPort() != null && checked.listenPort() >= ports.start() && checked.listenPort() <= ports.end()) {
            throw ApiException.conflict("VPN_PORT_IN_USE", "port " + checked.listenPort() + " is in the external port pool "
                    + ports.label() + ", whose ports are forwarded to VMs");
        }
        Ipv4.Subnet subnet = network.subnet();
        if (checked.tunnel() != null && overlap(checked.tunnel(), subnet)) {
            throw ApiException.conflict("VPN_ADDRESS_OVERLAP", "address " + checked.tunnel() + " overlaps the service's subnet " + subnet);
        }
    }

    /** Under the address lock, so a pool created meanwhile waits for this VPN's row (and checks it). */
    private Uni<Void> checkAgainstPools(SqlClient connection, VpnRules.Checked checked) {
        return checked.tunnel() == null ? Uni.createFrom().voidItem()
                : vpns.poolsOverlapping(connection, checked.tunnel().toString()).invoke(pools -> {
                    if (!pools.isEmpty()) {
                        throw ApiException.conflict("VPN_ADDRESS_OVERLAP", "address " + checked.tunnel()
                                + " overlaps the network of DHCP pool '" + pools.get(0) + "'");
                    }
                }).replaceWithVoid();
    }

    /** The lowest free wgN or vtunN; an IPsec peer's tag comes with it (its name, or on 1.3 its remote address). */
    private Uni<String> routerKey(SqlClient connection, VpnRules.Checked checked) {
        return switch (checked.type()) {
            case VpnRules.WIREGUARD -> vpns.freeInterface(connection, "wg");
            case VpnRules.OPENVPN -> vpns.freeInterface(connection, "vtun");
            default -> Uni.createFrom().item(checked.config().apply(null).key());
        };
    }

    private static String tunnel(VpnRules.Checked checked) {
        return checked.tunnel() == null ? null : checked.tunnel().toString();
    }

    /**
     * What the other side needs: this router's WireGuard public key (unknown on 1.3, whose key pair
     * is on disk) or its OpenVPN certificate's fingerprint.
     */
    private static String localPublic(VpnRouterConfig config) {
        if (config instanceof VpnRouterConfig.WireGuard wireGuard) {
            return wireGuard.privateKey() != null && WireGuardKeys.isKey(wireGuard.privateKey())
                    ? WireGuardKeys.publicKey(wireGuard.privateKey()) : null;
        }
        return config instanceof VpnRouterConfig.OpenVpn openVpn && openVpn.tls() != null
                ? OpenVpnKeys.fingerprint(openVpn.tls().certificate()) : null;
    }

    private Uni<StoredVpn> find(Caller caller, String name) {
        return find(caller.admin() ? null : caller.owner(), name);
    }

    private String readFilter(Caller caller) {
        return caller.readsAll() ? null : caller.owner();
    }

    private Uni<StoredVpn> find(String owner, String name) {
        return vpns.find(transactions.pool(), name, owner).onItem().ifNull()
                .failWith(() -> ApiException.notFound("VPN_NOT_FOUND", "VPN '" + name + "' not found"));
    }

    private static boolean overlap(Ipv4.Subnet a, Ipv4.Subnet b) {
        return a.network() < b.network() + b.size() && b.network() < a.network() + a.size();
    }

    private static ApiException busy(String name) {
        return ApiException.conflict("VPN_BUSY", "Another change to VPN '" + name + "' is in progress; retry shortly");
    }

    private static Throwable conflict(Throwable e) {
        PgException failure = (PgException) e;
        String constraint = Transactions.violatedUniqueConstraint(e);
        if ("23505".equals(failure.getSqlState())) {
            if ("vpn_listen_port_key".equals(constraint)) {
                return ApiException.conflict("VPN_PORT_IN_USE", "another VPN listens on this port");
            }
            if ("vpn_listen_port_free".equals(constraint)) {
                return ApiException.conflict("VPN_PORT_IN_USE", "a VM's forwarded port is this port");
            }
            if ("vpn_router_key_key".equals(constraint)) {
                return ApiException.conflict("VPN_PEER_IN_USE", "another VPN already connects to this remote address");
            }
            return ApiException.conflict("VPN_EXISTS", "A VPN with this name already exists");
        }
        if ("23P01".equals(failure.getSqlState())) {
            return ApiException.conflict("VPN_ADDRESS_OVERLAP", "address overlaps another VPN's tunnel network");
        }
        return e;
    }
}
