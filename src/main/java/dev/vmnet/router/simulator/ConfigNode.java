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
 */
final class ConfigNode {

    /** Numeric names (rule numbers) sort as numbers, as VyOS shows them. */
    private static final Comparator<String> ORDER = (a, b) -> {
        boolean numeric = a.matches("\\d{1,9}") && b.matches("\\d{1,9}");
        return numeric ? Integer.compare(Integer.parseInt(a), Integer.parseInt(b)) : a.compareTo(b);
    };

    private final TreeMap<String, ConfigNode> children = new TreeMap<>(ORDER);
    private final List<String> values;

    private ConfigNode(List<String> values) {
        this.values = values;
    }

    static ConfigNode root() {
        return new ConfigNode(null);
    }

    static ConfigNode leaf() {
        return new ConfigNode(new ArrayList<>());
    }

    boolean isLeaf() {
        return values != null;
    }

    List<String> values() {
        return values;
    }

    Map<String, ConfigNode> children() {
        return children;
    }

    ConfigNode child(String name) {
        return children.get(name);
    }

    ConfigNode childOrCreate(String name, boolean leaf) {
        return children.computeIfAbsent(name, n -> leaf ? leaf() : root());
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

    /** Removes the node at {@code path} and any parent left empty; false when nothing was there. */
    boolean remove(List<String> path) {
        if (path.isEmpty()) {
            return false;
        }
        ConfigNode parent = at(path.subList(0, path.size() - 1));
        if (parent == null || parent.isLeaf() || parent.children.remove(path.get(path.size() - 1)) == null) {
            return false;
        }
        for (int depth = path.size() - 1; depth > 0; depth--) {
            ConfigNode node = at(path.subList(0, depth));
            if (node != null && !node.isLeaf() && node.children.isEmpty()) {
                at(path.subList(0, depth - 1)).children.remove(path.get(depth - 1));
            }
        }
        return true;
    }

    /** Replaces (or with null, removes) the subtree at {@code path}, creating parents as needed. */
    void replace(List<String> path, ConfigNode subtree) {
        if (subtree == null) {
            remove(path);
            return;
        }
        ConfigNode parent = this;
        for (String name : path.subList(0, path.size() - 1)) {
            parent = parent.childOrCreate(name, false);
        }
        parent.children.put(path.get(path.size() - 1), subtree.copy());
    }

    boolean isEmpty() {
        return isLeaf() ? false : children.isEmpty();
    }

    ConfigNode copy() {
        ConfigNode copy = new ConfigNode(values == null ? null : new ArrayList<>(values));
        children.forEach((name, child) -> copy.children.put(name, child.copy()));
        return copy;
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

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigNode node && Objects.equals(values, node.values) && children.equals(node.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, children);
    }
}
