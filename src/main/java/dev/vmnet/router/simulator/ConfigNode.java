package dev.vmnet.router.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A node of a VyOS config tree: either an interior node (children by name, tag values included)
 * or a leaf holding values (none for a valueless leaf such as {@code disable}).
 *
 * <p>Trees are copied on write: a change session ({@code owner}) copies only the nodes on the paths
 * it writes and shares the rest, so a commit costs what it changes, not the size of the config.
 * A node is only ever modified by the session that owns it; a published tree is never modified.
 */
final class ConfigNode {

    /** Numeric names (rule numbers) sort as numbers, as VyOS shows them. */
    private static final Comparator<String> ORDER = (a, b) -> isNumber(a) && isNumber(b)
            ? Long.compare(Long.parseLong(a), Long.parseLong(b))
            : a.compareTo(b);

    private final TreeMap<String, ConfigNode> children;
    private final List<String> values;
    private final Object owner;
    /** Set once this node passed a commit check; a changed node is a new object, so it starts unverified. */
    private volatile boolean verified;

    private ConfigNode(TreeMap<String, ConfigNode> children, List<String> values, Object owner) {
        this.children = children;
        this.values = values;
        this.owner = owner;
    }

    static ConfigNode root() {
        return new ConfigNode(new TreeMap<>(ORDER), null, null);
    }

    boolean isLeaf() {
        return values != null;
    }

    /** Read only: a leaf's values. */
    List<String> values() {
        return values;
    }

    /** Read only: the children by name. */
    Map<String, ConfigNode> children() {
        return children;
    }

    ConfigNode child(String name) {
        return children.get(name);
    }

    /** The node at {@code path}, or null. */
    ConfigNode at(List<String> path) {
        ConfigNode node = this;
        for (String name : path) {
            node = node.isLeaf() ? null : node.children.get(name);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    boolean verified() {
        return verified;
    }

    void markVerified() {
        verified = true;
    }

    boolean isEmpty() {
        return !isLeaf() && children.isEmpty();
    }

    /** A copy of this node that {@code owner} may write; its children stay shared until written. */
    ConfigNode writableBy(Object owner) {
        return this.owner == owner ? this
                : new ConfigNode(new TreeMap<>(children), values == null ? null : new ArrayList<>(values), owner);
    }

    /** The child {@code name}, made writable by {@code owner} (created when absent); this node must be writable. */
    ConfigNode writableChild(String name, boolean leaf, Object owner) {
        ConfigNode child = children.get(name);
        ConfigNode writable = child == null
                ? new ConfigNode(new TreeMap<>(ORDER), leaf ? new ArrayList<>() : null, owner)
                : child.writableBy(owner);
        if (writable != child) {
            children.put(name, writable);
        }
        return writable;
    }

    /** Leaf values of a writable leaf. */
    List<String> writableValues() {
        return values;
    }

    /**
     * Removes the node at {@code path}; false when nothing was there. Its parents stay, even when
     * left empty, as in vyatta-cfg: the caller removes what else goes with it.
     */
    boolean remove(List<String> path, Object owner) {
        if (path.isEmpty() || at(path) == null) {
            return false;
        }
        ConfigNode parent = this;
        for (String name : path.subList(0, path.size() - 1)) {
            parent = parent.writableChild(name, false, owner);
        }
        parent.children.remove(path.get(path.size() - 1));
        return true;
    }

    /** Puts {@code subtree} (shared, not copied) at {@code path}, or removes the path when null. */
    void replace(List<String> path, ConfigNode subtree, Object owner) {
        if (subtree == null) {
            remove(path, owner);
            return;
        }
        ConfigNode parent = this;
        for (String name : path.subList(0, path.size() - 1)) {
            parent = parent.writableChild(name, false, owner);
        }
        parent.children.put(path.get(path.size() - 1), subtree);
    }

    /** As vyos1x-config renders JSON: one value a string, several a list, valueless {}. */
    JsonNode toJson() {
        if (isLeaf()) {
            return leafJson();
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        children.forEach((name, child) -> object.set(name, child.toJson()));
        return object;
    }

    /**
     * The config as {@code show configuration commands} prints it: one {@code set} line per
     * value (values in single quotes), per valueless leaf and per empty node, depth first.
     */
    List<String> commands() {
        List<String> lines = new ArrayList<>();
        commands("set", lines);
        return lines;
    }

    private void commands(String prefix, List<String> lines) {
        if (isLeaf()) {
            if (values.isEmpty()) {
                lines.add(prefix);
            }
            values.forEach(value -> lines.add(prefix + " '" + value + "'"));
        } else if (children.isEmpty()) {
            if (!prefix.equals("set")) {
                lines.add(prefix);
            }
        } else {
            children.forEach((name, child) -> child.commands(prefix + " " + name, lines));
        }
    }

    private JsonNode leafJson() {
        if (values.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (values.size() == 1) {
            return JsonNodeFactory.instance.textNode(values.get(0));
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static boolean isNumber(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return this == other
                || other instanceof ConfigNode node && Objects.equals(values, node.values) && children.equals(node.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, children);
    }
}
