package dev.vmnet.provisioning;

import dev.vmnet.network.Network;
import dev.vmnet.reconcile.Drift;
import dev.vmnet.reconcile.ReconciledKind;
import dev.vmnet.router.NatRule;
import dev.vmnet.router.RouterOp;
import dev.vmnet.router.RouterSnapshot;
import dev.vmnet.router.StaticMapping;
import dev.vmnet.router.VmRouterConfig;
import dev.vmnet.router.VyosDialect;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** VMs' networks as the reconciler compares them: static mappings by VM name, NAT rules by number within the service's range. */
@ApplicationScoped
@Priority(20)
public class VmReconciliation implements ReconciledKind {

    private final VmRepository vms;
    private final Pool pool;
    private final Network network;
    private final VyosDialect dialect;

    public VmReconciliation(VmRepository vms, Pool pool, Network network, VyosDialect dialect) {
        this.vms = vms;
        this.pool = pool;
        this.network = network;
        this.dialect = dialect;
    }

    @Override
    public Uni<Comparison> compare(RouterSnapshot router) {
        return vms.all(pool).map(all -> compare(router, all));
    }

    private Comparison compare(RouterSnapshot router, List<Vm> all) {
        Set<String> busyNames = new HashSet<>();
        Set<Integer> busyRules = new HashSet<>();
        Map<String, Vm> ready = new TreeMap<>();
        for (Vm vm : all) {
            if (vm.state() == VmState.READY) {
                ready.put(vm.machineId(), vm);
            } else {
                busyNames.add(vm.machineId());
                for (int number = vm.natRuleBase(); number < vm.natRuleBase() + vm.natRuleCount(); number++) {
                    busyRules.add(number);
                }
            }
        }
        TreeMap<String, Map<String, String>> expectedMappings = new TreeMap<>();
        TreeMap<Integer, Map<String, String>> expectedRules = new TreeMap<>();
        Map<Integer, String> ruleOwners = new TreeMap<>();
        for (Vm vm : ready.values()) {
            VmRouterConfig desired = vm.routerConfig(network.wanInterface());
            expectedMappings.put(vm.machineId(), fields(desired.mapping()));
            desired.rules().forEach((number, rule) -> {
                expectedRules.put(number, fields(rule));
                ruleOwners.put(number, vm.machineId());
            });
        }
        TreeMap<String, Map<String, String>> actualMappings = new TreeMap<>();
        router.mappings().forEach((name, mapping) -> {
            if (!busyNames.contains(name)) {
                actualMappings.put(name, fields(mapping));
            }
        });
        TreeMap<Integer, Map<String, String>> actualRules = new TreeMap<>();
        router.rules().subMap(network.ruleStart(), network.ruleEnd() + 1).forEach((number, rule) -> {
            if (!busyRules.contains(number)) {
                actualRules.put(number, fields(rule));
            }
        });
        List<Items<?>> items = List.of(
                new Items<>("static_mapping", expectedMappings, actualMappings, name -> name),
                new Items<>("nat_rule", expectedRules, actualRules, ruleOwners::get));
        // each VM with something missing or different is put back whole, from what the router holds now
        return new Comparison(items, damaged -> {
            List<RouterOp> ops = new ArrayList<>();
            for (String name : new TreeSet<>(damaged.stream().map(Drift::vmName).toList())) {
                VmRouterConfig desired = ready.get(name).routerConfig(network.wanInterface());
                ops.addAll(dialect.changes(router.slice(name, desired.rules().keySet()), desired));
            }
            return ops;
        }, unknown -> List.of(RouterOp.delete(unknown.object().equals("nat_rule") ? dialect.rulePath(Integer.parseInt(unknown.id()))
                : dialect.staticMappingPath(router.mappings().get(unknown.id())))));
    }

    private static Map<String, String> fields(StaticMapping mapping) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mac_address", mapping.macAddress());
        fields.put("ip_address", mapping.ipAddress());
        if (mapping.pool() != null) {
            fields.put("dhcp_pool", mapping.pool());
        }
        return fields;
    }

    private static Map<String, String> fields(NatRule rule) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("description", rule.description());
        fields.put("inbound_interface", rule.inboundInterface());
        fields.put("protocol", rule.protocol());
        fields.put("destination_port", rule.destinationPort());
        fields.put("translation_address", rule.translationAddress());
        fields.put("translation_port", rule.translationPort());
        fields.put("disabled", Boolean.toString(rule.disabled()));
        return fields;
    }
}
