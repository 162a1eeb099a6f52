package dev.vmnet.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.vmnet.router.VpnRouterConfig.Esp;
import dev.vmnet.router.VpnRouterConfig.Ike;
import dev.vmnet.router.VpnRouterConfig.Ipsec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

/**
 * The ops of an IPsec site-to-site VPN with a pre-shared key (docs/vyos-router.md §9), and its
 * read-back from showConfig of {@code vpn ipsec}. Each VPN has its own IKE and ESP group.
 *
 * <p>1.4 and 1.5 (vpn_ipsec.xml.in, identical on sagitta and circinus for site-to-site and psk):
 * the peer tag is a name, the PSK lives in {@code vpn ipsec authentication psk <peer>} with both
 * addresses as its ids (strongSwan finds the secret by matching the IKE ids), and one tunnel 0
 * takes every prefix (local and remote prefix are multi leaves).
 *
 * <p>1.3 (vyatta-cfg-vpn equuleus, Perl): the peer tag is the remote address, the PSK sits in the
 * peer, and a tunnel takes one local and one remote prefix, so tunnels 1..n cover every
 * (local, remote) pair, local-major. {@code vpn ipsec ipsec-interfaces} is not written: it has
 * been optional since T126 (vyatta-cfg-vpn 60960c1, 2017, in crux and equuleus), which removed
 * vpn-config.pl's "No IPSEC interfaces specified" error; without it charon listens on every
 * interface and a local address off the listed interfaces only prints a warning.
 *
 * <p>Deletes only name what was read (or written) to exist, so they hold under {@code api strict}.
 */
final class IpsecDialect {

    private static final String PSK_MODE = "pre-shared-secret";
    private static final String PROPOSAL = "1";
    /** The 1.4+ tunnel that carries every prefix. */
    private static final String TUNNEL = "0";

    private final boolean namedPeers;

    IpsecDialect(VyosDialect.Version version) {
        this.namedPeers = version != VyosDialect.Version.V1_3;
    }

    /**
     * The ops that change the router from {@code from} to {@code to} (either may be null: absent).
     * A new peer tag (on 1.3: a new remote address) deletes the old peer and writes the new one;
     * so does a 1.3 peer whose tunnels did not read as the service's layout. Otherwise only what
     * differs: single leaves are overwritten, multi leaves deleted and set again in the same batch,
     * a changed group is deleted and written anew.
     */
    List<RouterOp> changes(Ipsec from, Ipsec to) {
        if (Objects.equals(from, to)) {
            return List.of();
        }
        if (from == null || to == null || !from.peer().equals(to.peer()) || !namedPeers && pairs(from).isEmpty()) {
            List<RouterOp> ops = new ArrayList<>();
            if (from != null) {
                ops.addAll(remove(from));
            }
            if (to != null) {
                ops.addAll(create(to));
            }
            return ops;
        }
        List<String> peer = peerPath(to.peer());
        List<RouterOp> ops = new ArrayList<>();
        if (!Objects.equals(from.ike(), to.ike())) {
            if (from.ike() != null) {
                ops.add(RouterOp.delete(ikePath(from.ike().group())));
            }
            ops.addAll(setIke(to.ike()));
            if (from.ike() == null || !from.ike().group().equals(to.ike().group())) {
                ops.add(RouterOp.set(append(peer, "ike-group"), to.ike().group()));
            }
        }
        if (!Objects.equals(from.esp(), to.esp())) {
            if (from.esp() != null) {
                ops.add(RouterOp.delete(espPath(from.esp().group())));
            }
            ops.addAll(setEsp(to.esp()));
            if (from.esp() == null || !from.esp().group().equals(to.esp().group())) {
                ops.add(RouterOp.set(append(peer, "default-esp-group"), to.esp().group()));
            }
        }
        boolean localMoved = !Objects.equals(from.localAddress(), to.localAddress());
        boolean remoteMoved = !Objects.equals(from.remoteAddress(), to.remoteAddress());
        if (from.preSharedKey() == null) {
            // authentication did not read as intact: write all of it (sets only, so they hold over any remains)
            ops.addAll(setAuthentication(to));
        } else {
            if (namedPeers && (localMoved || remoteMoved)) {
                ops.add(RouterOp.delete(append(pskPath(to.peer()), "id")));
                ops.addAll(setPskIds(to));
            }
            if (!from.preSharedKey().equals(to.preSharedKey())) {
                ops.add(setSecret(to));
            }
            if (localMoved) {
                ops.add(setLocalId(to));
            }
            if (remoteMoved) {
                ops.add(setRemoteId(to));
            }
        }
        if (localMoved) {
            ops.add(RouterOp.set(append(peer, "local-address"), to.localAddress()));
        }
        if (namedPeers && remoteMoved) {
            // on 1.3 the remote address is the peer tag: a move is a new peer, handled above
            if (from.remoteAddress() != null) {
                ops.add(RouterOp.delete(append(peer, "remote-address")));
            }
            ops.add(RouterOp.set(append(peer, "remote-address"), to.remoteAddress()));
        }
        if (!Objects.equals(from.name(), to.name())) {
            ops.add(setDescription(to));
        }
        if (namedPeers) {
            replacePrefixes(ops, peer, "local", from.localPrefixes(), to.localPrefixes());
            replacePrefixes(ops, peer, "remote", from.remotePrefixes(), to.remotePrefixes());
        } else {
            changeTunnels(ops, peer, pairs(from), pairs(to));
        }
        return ops;
    }

    /**
     * The service's peers in showConfig of {@code vpn ipsec} (null or missing: none), keyed by
     * peer tag: those whose description starts with {@link VpnRouterConfig#DESCRIPTION_PREFIX},
     * joined with the groups they name and (1.4+) their psk node. What is missing reads as null
     * (a lifetime as 0), so a damaged peer differs from the one the service wants. The PSK reads
     * as null unless the whole authentication is as {@link #changes} writes it: mode, ids equal
     * to the addresses, and (1.4+) a psk node listing both addresses.
     */
    Map<String, Ipsec> parse(JsonNode vpnIpsec) {
        JsonNode ipsec = vpnIpsec == null ? MissingNode.getInstance() : vpnIpsec;
        Map<String, Ipsec> peers = new LinkedHashMap<>();
        ipsec.path("site-to-site").path("peer").fields().forEachRemaining(entry -> {
            String description = text(entry.getValue(), "description");
            if (description != null && description.startsWith(VpnRouterConfig.DESCRIPTION_PREFIX)) {
                peers.put(entry.getKey(), parsePeer(ipsec, entry.getKey(), entry.getValue(),
                        description.substring(VpnRouterConfig.DESCRIPTION_PREFIX.length())));
            }
        });
        return peers;
    }

    private Ipsec parsePeer(JsonNode ipsec, String tag, JsonNode peer, String name) {
        String local = text(peer, "local-address");
        String remote = namedPeers ? text(peer, "remote-address") : tag;
        List<String> localPrefixes;
        List<String> remotePrefixes;
        if (namedPeers) {
            JsonNode tunnel = peer.path("tunnel").path(TUNNEL);
            localPrefixes = values(tunnel.path("local").path("prefix"));
            remotePrefixes = values(tunnel.path("remote").path("prefix"));
        } else {
            List<List<String>> read = readTunnels(peer.path("tunnel"));
            localPrefixes = List.copyOf(new LinkedHashSet<>(read.stream().map(pair -> pair.get(0)).toList()));
            remotePrefixes = List.copyOf(new LinkedHashSet<>(read.stream().map(pair -> pair.get(1)).toList()));
            if (!pairs(localPrefixes, remotePrefixes).equals(read)) {
                // not tunnels 1..n over every pair: read as none, so changes() writes the peer anew
                localPrefixes = List.of();
                remotePrefixes = List.of();
            }
        }
        return new Ipsec(name, tag, local, remote, readSecret(ipsec, tag, peer, local, remote), localPrefixes, remotePrefixes,
                readIke(ipsec.path("ike-group"), text(peer, "ike-group")),
                readEsp(ipsec.path("esp-group"), text(peer, "default-esp-group")));
    }

    private String readSecret(JsonNode ipsec, String tag, JsonNode peer, String local, String remote) {
        JsonNode authentication = peer.path("authentication");
        boolean intact = local != null && remote != null && PSK_MODE.equals(text(authentication, "mode"))
                && Objects.equals(local, text(authentication, namedPeers ? "local-id" : "id"))
                && Objects.equals(remote, text(authentication, "remote-id"));
        if (!namedPeers) {
            return intact ? text(authentication, "pre-shared-secret") : null;
        }
        JsonNode psk = ipsec.path("authentication").path("psk").path(tag);
        // other ids are tolerated: a set adds to a multi leaf and cannot take out one it does not know of
        return intact && values(psk.path("id")).containsAll(List.of(local, remote)) ? text(psk, "secret") : null;
    }

    private static Ike readIke(JsonNode groups, String name) {
        JsonNode group = name == null ? MissingNode.getInstance() : groups.path(name);
        if (!group.isObject()) {
            return null;
        }
        JsonNode proposal = group.path("proposal").path(PROPOSAL);
        return new Ike(name, text(group, "key-exchange"), text(proposal, "encryption"), text(proposal, "hash"),
                text(proposal, "dh-group"), number(group, "lifetime"));
    }

    private static Esp readEsp(JsonNode groups, String name) {
        JsonNode group = name == null ? MissingNode.getInstance() : groups.path(name);
        if (!group.isObject()) {
            return null;
        }
        JsonNode proposal = group.path("proposal").path(PROPOSAL);
        return new Esp(name, text(proposal, "encryption"), text(proposal, "hash"), number(group, "lifetime"), text(group, "pfs"));
    }

    /** 1.3 tunnels as (local, remote) pairs; empty unless they are numbered 1..n, each with both prefixes. */
    private static List<List<String>> readTunnels(JsonNode tunnels) {
        List<List<String>> pairs = new ArrayList<>();
        for (int number = 1; number <= tunnels.size(); number++) {
            JsonNode tunnel = tunnels.path(Integer.toString(number));
            String local = text(tunnel.path("local"), "prefix");
            String remote = text(tunnel.path("remote"), "prefix");
            if (local == null || remote == null) {
                return List.of();
            }
            pairs.add(List.of(local, remote));
        }
        return pairs;
    }

    private List<RouterOp> create(Ipsec vpn) {
        List<String> peer = peerPath(vpn.peer());
        List<RouterOp> ops = new ArrayList<>();
        ops.addAll(setIke(vpn.ike()));
        ops.addAll(setEsp(vpn.esp()));
        ops.addAll(setAuthentication(vpn));
        ops.add(RouterOp.set(append(peer, "ike-group"), vpn.ike().group()));
        ops.add(RouterOp.set(append(peer, "default-esp-group"), vpn.esp().group()));
        ops.add(RouterOp.set(append(peer, "local-address"), vpn.localAddress()));
        if (namedPeers) {
            ops.add(RouterOp.set(append(peer, "remote-address"), vpn.remoteAddress()));
        }
        ops.add(setDescription(vpn));
        if (namedPeers) {
            replacePrefixes(ops, peer, "local", List.of(), vpn.localPrefixes());
            replacePrefixes(ops, peer, "remote", List.of(), vpn.remotePrefixes());
        } else {
            changeTunnels(ops, peer, List.of(), pairs(vpn));
        }
        return ops;
    }

    private List<RouterOp> remove(Ipsec vpn) {
        List<RouterOp> ops = new ArrayList<>();
        ops.add(RouterOp.delete(peerPath(vpn.peer())));
        if (namedPeers && vpn.preSharedKey() != null) {
            ops.add(RouterOp.delete(pskPath(vpn.peer())));
        }
        if (vpn.ike() != null) {
            ops.add(RouterOp.delete(ikePath(vpn.ike().group())));
        }
        if (vpn.esp() != null) {
            ops.add(RouterOp.delete(espPath(vpn.esp().group())));
        }
        return ops;
    }

    private static List<RouterOp> setIke(Ike ike) {
        List<String> group = ikePath(ike.group());
        List<String> proposal = append(group, "proposal", PROPOSAL);
        return List.of(
                RouterOp.set(append(group, "key-exchange"), ike.keyExchange()),
                RouterOp.set(append(group, "lifetime"), Integer.toString(ike.lifetime())),
                RouterOp.set(append(proposal, "encryption"), ike.encryption()),
                RouterOp.set(append(proposal, "hash"), ike.hash()),
                RouterOp.set(append(proposal, "dh-group"), ike.dhGroup()));
    }

    private static List<RouterOp> setEsp(Esp esp) {
        List<String> group = espPath(esp.group());
        List<String> proposal = append(group, "proposal", PROPOSAL);
        return List.of(
                RouterOp.set(append(group, "lifetime"), Integer.toString(esp.lifetime())),
                RouterOp.set(append(group, "pfs"), esp.pfs()),
                RouterOp.set(append(proposal, "encryption"), esp.encryption()),
                RouterOp.set(append(proposal, "hash"), esp.hash()));
    }

    private List<RouterOp> setAuthentication(Ipsec vpn) {
        List<RouterOp> ops = new ArrayList<>(setPskIds(vpn));
        ops.add(setSecret(vpn));
        ops.add(RouterOp.set(append(peerPath(vpn.peer()), "authentication", "mode"), PSK_MODE));
        ops.add(setLocalId(vpn));
        ops.add(setRemoteId(vpn));
        return ops;
    }

    /** 1.4+: the psk node lists both sides' ids, so strongSwan finds the secret from either end. */
    private List<RouterOp> setPskIds(Ipsec vpn) {
        List<String> id = append(pskPath(vpn.peer()), "id");
        return namedPeers ? List.of(RouterOp.set(id, vpn.localAddress()), RouterOp.set(id, vpn.remoteAddress())) : List.of();
    }

    private RouterOp setSecret(Ipsec vpn) {
        return RouterOp.set(namedPeers ? append(pskPath(vpn.peer()), "secret")
                : append(peerPath(vpn.peer()), "authentication", "pre-shared-secret"), vpn.preSharedKey());
    }

    private RouterOp setLocalId(Ipsec vpn) {
        return RouterOp.set(append(peerPath(vpn.peer()), "authentication", namedPeers ? "local-id" : "id"), vpn.localAddress());
    }

    private RouterOp setRemoteId(Ipsec vpn) {
        return RouterOp.set(append(peerPath(vpn.peer()), "authentication", "remote-id"), vpn.remoteAddress());
    }

    private static RouterOp setDescription(Ipsec vpn) {
        return RouterOp.set(append(peerPath(vpn.peer()), "description"), VpnRouterConfig.DESCRIPTION_PREFIX + vpn.name());
    }

    /** 1.4+: tunnel 0's prefix leaf (multi) is deleted and set again in the same batch. */
    private static void replacePrefixes(List<RouterOp> ops, List<String> peer, String side, List<String> from, List<String> to) {
        if (from.equals(to)) {
            return;
        }
        List<String> prefix = append(peer, "tunnel", TUNNEL, side, "prefix");
        if (!from.isEmpty()) {
            ops.add(RouterOp.delete(prefix));
        }
        to.forEach(value -> ops.add(RouterOp.set(prefix, value)));
    }

    /** 1.3: tunnel n+1 carries pair n; tunnels that go are deleted, others get the prefixes that differ. */
    private static void changeTunnels(List<RouterOp> ops, List<String> peer, List<List<String>> from, List<List<String>> to) {
        for (int index = 0; index < Math.max(from.size(), to.size()); index++) {
            List<String> tunnel = append(peer, "tunnel", Integer.toString(index + 1));
            if (index >= to.size()) {
                ops.add(RouterOp.delete(tunnel));
                continue;
            }
            List<String> was = index < from.size() ? from.get(index) : null;
            List<String> next = to.get(index);
            if (was == null || !was.get(0).equals(next.get(0))) {
                ops.add(RouterOp.set(append(tunnel, "local", "prefix"), next.get(0)));
            }
            if (was == null || !was.get(1).equals(next.get(1))) {
                ops.add(RouterOp.set(append(tunnel, "remote", "prefix"), next.get(1)));
            }
        }
    }

    private static List<List<String>> pairs(Ipsec vpn) {
        return pairs(vpn.localPrefixes(), vpn.remotePrefixes());
    }

    private static List<List<String>> pairs(List<String> locals, List<String> remotes) {
        return locals.stream().flatMap(local -> remotes.stream().map(remote -> List.of(local, remote))).toList();
    }

    private static List<String> peerPath(String peer) {
        return List.of("vpn", "ipsec", "site-to-site", "peer", peer);
    }

    private static List<String> pskPath(String peer) {
        return List.of("vpn", "ipsec", "authentication", "psk", peer);
    }

    private static List<String> ikePath(String group) {
        return List.of("vpn", "ipsec", "ike-group", group);
    }

    private static List<String> espPath(String group) {
        return List.of("vpn", "ipsec", "esp-group", group);
    }

    /** A single value; a multi leaf that holds several reads as them joined with commas, which no desired value equals. */
    private static String text(JsonNode node, String field) {
        List<String> values = values(node.path(field));
        return values.isEmpty() ? null : String.join(",", values);
    }

    private static int number(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? 0 : Integer.parseInt(value);
    }

    /** showConfig renders a multi leaf with one value as a string, with more as an array. */
    private static List<String> values(JsonNode node) {
        if (node.isArray()) {
            return StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList();
        }
        return node.isValueNode() ? List.of(node.asText()) : List.of();
    }

    private static List<String> append(List<String> path, String... more) {
        List<String> result = new ArrayList<>(path);
        result.addAll(List.of(more));
        return List.copyOf(result);
    }
}
