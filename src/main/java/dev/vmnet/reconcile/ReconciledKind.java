package dev.vmnet.reconcile;

import dev.vmnet.router.RouterOp;
import dev.vmnet.router.RouterSnapshot;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * A kind of router resource whose owned config the {@link Reconciler} compares with the database
 * and repairs (VMs' networks, DHCP pools, VPNs). The reconciler asks each kind for its comparison in the
 * order of their {@code @Priority}, highest first, and reports and repairs them the same way.
 */
public interface ReconciledKind {

    /**
     * Reads the kind's rows and sets them beside its part of {@code router}. Called while no change
     * reaches the router, so nothing gets between this read and a repair. Resources with a change
     * in flight are left out on both sides: they are the writer's (or recovery's) until they settle.
     */
    Uni<Comparison> compare(RouterSnapshot router);

    /**
     * One kind's comparison: its object types ({@code items}), each with what the database expects
     * and what the router has; the ops that put back what a list of this kind's missing and
     * different items lacks ({@code restore}); the ops that remove an unknown item ({@code remove}).
     */
    record Comparison(List<Items<?>> items, Function<List<Drift>, List<RouterOp>> restore,
            Function<Drift, List<RouterOp>> remove) {}

    /**
     * The fields of one object type ({@code object}: nat_rule, static_mapping, dhcp_pool) by id, as
     * the database expects them and as the router has them; {@code owner} names the VM an expected
     * item belongs to (null when none).
     */
    record Items<K extends Comparable<K>>(String object, SortedMap<K, Map<String, String>> expected,
            SortedMap<K, Map<String, String>> actual, Function<K, String> owner) {}
}
