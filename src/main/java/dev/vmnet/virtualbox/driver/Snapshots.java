package dev.vmnet.virtualbox.driver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The snapshot tree of {@code snapshot <vm> list --machinereadable}, which showvminfo prints with the same keys
 * (docs/virtualbox.md §16, §8).
 */
public final class Snapshots {

    /** §16: the text VBoxManage prints (with exit 1) for a VM without snapshots. */
    static final String NO_SNAPSHOTS = "This machine does not have any snapshots";

    /** {@code SnapshotName<suffix>}, the suffix being one {@code -<childIndex+1>} per level below the root. */
    private static final Pattern NAME_KEY = Pattern.compile("SnapshotName((?:-\\d+)*)");

    private Snapshots() {
    }

    /**
     * The snapshots in pre-order (parents before children, §16). {@code This machine does not have any snapshots}
     * is an empty list whatever the exit code was, because VBoxManage exits 1 for it and wrappers treat it as empty.
     */
    public static List<VmInfo.Snapshot> parse(String snapshotListMachineReadable) {
        if (snapshotListMachineReadable == null || snapshotListMachineReadable.contains(NO_SNAPSHOTS)) {
            return List.of();
        }
        return from(MachineReadable.parse(snapshotListMachineReadable));
    }

    /**
     * The snapshots among already parsed machine-readable keys, e.g. showvminfo's. The map's order is the printed
     * order, which is pre-order, so a parent is always seen before its children.
     *
     * @throws IllegalArgumentException if a {@code SnapshotName<suffix>} has no {@code SnapshotUUID<suffix>}
     */
    public static List<VmInfo.Snapshot> from(Map<String, String> values) {
        List<VmInfo.Snapshot> snapshots = new ArrayList<>();
        Map<String, String> uuidByNode = new HashMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Matcher name = NAME_KEY.matcher(entry.getKey());
            if (!name.matches()) {
                continue;
            }
            String node = name.group(1);
            String uuid = values.get("SnapshotUUID" + node);
            if (uuid == null) {
                throw new IllegalArgumentException("snapshot " + entry.getKey() + " has no SnapshotUUID" + node + " line");
            }
            // §16: SnapshotDescription is printed only when the description is not empty.
            String description = values.getOrDefault("SnapshotDescription" + node, "");
            String parentUuid = node.isEmpty() ? null : uuidByNode.get(node.substring(0, node.lastIndexOf('-')));
            uuidByNode.put(node, uuid);
            snapshots.add(new VmInfo.Snapshot(uuid, entry.getValue(), description, node, parentUuid));
        }
        return List.copyOf(snapshots);
    }

    /** The current snapshot's UUID ({@code CurrentSnapshotUUID}), or null when the VM has no snapshot. */
    public static String currentUuid(Map<String, String> values) {
        return values.get("CurrentSnapshotUUID");
    }
}
