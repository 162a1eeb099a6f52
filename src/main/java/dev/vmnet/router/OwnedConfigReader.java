package dev.vmnet.router;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the owned config from the router and parses it, per dialect, into a {@link RouterSnapshot}. */
final class OwnedConfigReader {

    private final VyosClient client;
    private final VyosDialect dialect;

    OwnedConfigReader(VyosClient client, VyosDialect dialect) {
        this.client = client;
        this.dialect = dialect;
    }

    /** {@link RouterWriter#read()}: every NAT destination rule, every shared network, then the VPN paths. */
    Uni<RouterSnapshot> read() {
        List<List<String>> paths = new ArrayList<>(List.of(dialect.rulesPath(), dialect.poolsPath()));
        paths.addAll(dialect.vpns().readPaths());
        return Multi.createFrom().iterable(paths).onItem().transformToUniAndConcatenate(client::showConfig).collect().asList()
                .map(reads -> snapshot(reads.get(1), reads.get(0), reads.subList(2, reads.size())));
    }

    private RouterSnapshot snapshot(Optional<JsonNode> networks, Optional<JsonNode> rules, List<Optional<JsonNode>> vpns) {
        Map<String, StaticMapping> byName = new HashMap<>();
        networks.ifPresent(node -> dialect.ownMappings(node).fields().forEachRemaining(entry ->
                byName.put(entry.getKey(), dialect.parseMapping(entry.getKey(), entry.getValue()))));
        TreeMap<Integer, NatRule> byNumber = new TreeMap<>();
        rules.ifPresent(node -> node.fields().forEachRemaining(entry -> {
            if (entry.getKey().matches("\\d{1,6}")) {
                int number = Integer.parseInt(entry.getKey());
                byNumber.put(number, dialect.parseRule(number, entry.getValue()));
            }
        }));
        Map<String, PoolRouterConfig> pools = new HashMap<>();
        networks.ifPresent(node -> node.fields().forEachRemaining(entry -> {
            PoolRouterConfig pool = dialect.parsePool(entry.getKey(), entry.getValue());
            if (pool != null) {
                pools.put(entry.getKey(), pool);
                // the static mappings of VMs provisioned into the pool
                entry.getValue().path("subnet").fields().forEachRemaining(subnet -> subnet.getValue().path("static-mapping")
                        .fields().forEachRemaining(mapping -> byName.put(mapping.getKey(), dialect.parseMapping(mapping.getKey(),
                                mapping.getValue(), entry.getKey(), subnet.getKey()))));
            }
        }));
        return new RouterSnapshot(byName, byNumber, pools, dialect.vpns().parse(vpns));
    }
}
