package dev.vmnet.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which free ports VMs get, lowest first: each VM, in turn, the lowest run of consecutive free ports;
 * once no run is left, the lowest free ports. Pure: the repository reads the free ports and takes
 * what this chooses.
 */
final class PortRuns {

    private PortRuns() {}

    /**
     * Ports for up to {@code vms} VMs of {@code perVm} ports each, from {@code free} (ascending). When
     * {@code free} is only the low end of the range ({@code complete} false), a VM that finds no run
     * in it may still find one above it: the answer is then null, and the caller reads more.
     * Fewer groups than {@code vms} means the range has no more.
     */
    static List<List<Integer>> choose(List<Integer> free, int perVm, int vms, boolean complete) {
        List<List<Integer>> groups = new ArrayList<>();
        TreeSet<Integer> left = new TreeSet<>(free);
        // islands of consecutive free ports, cut into runs from their low end: the lowest run each time
        int first = -1;
        int previous = -2;
        for (int port : free) {
            if (port != previous + 1) {
                first = port;
            }
            if (port - first + 1 == perVm && groups.size() < vms) {
                List<Integer> run = new ArrayList<>();
                for (int p = first; p <= port; p++) {
                    run.add(p);
                    left.remove(p);
                }
                groups.add(run);
                first = port + 1;
            }
            previous = port;
        }
        if (groups.size() < vms && !complete) {
            return null;
        }
        while (groups.size() < vms && left.size() >= perVm) {
            List<Integer> lowest = new ArrayList<>();
            for (int i = 0; i < perVm; i++) {
                lowest.add(left.pollFirst());
            }
            groups.add(lowest);
        }
        return groups;
    }
}
