package dev.vmnet.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which ports VMs get, without a database. */
class PortRunsTest {

    @Test
    void eachVmGetsTheLowestRunOfConsecutivePortsInTurn() {
        // free: 32002 alone, then 32006-32013
        List<Integer> free = List.of(32002, 32006, 32007, 32008, 32009, 32010, 32011, 32012, 32013);
        assertEquals(List.of(List.of(32006, 32007, 32008), List.of(32009, 32010, 32011)),
                PortRuns.choose(free, 3, 2, true));
    }

    @Test
    void onceNoRunIsLeftTheLowestFreePortsAreTaken() {
        List<Integer> free = List.of(32002, 32004, 32005, 32009, 32010, 32011, 32020);
        assertEquals(List.of(List.of(32009, 32010, 32011), List.of(32002, 32004, 32005)),
                PortRuns.choose(free, 3, 2, true));
    }

    @Test
    void aRangeWithTooFewPortsServesFewerVms() {
        assertEquals(List.of(List.of(1, 2, 3)), PortRuns.choose(List.of(1, 2, 3, 7, 9), 3, 3, true));
    }

    @Test
    void runsAreCutFromTheLowEndOfEachIsland() {
        List<Integer> free = IntStream.rangeClosed(100, 107).boxed().toList();
        assertEquals(List.of(List.of(100, 101, 102), List.of(103, 104, 105)), PortRuns.choose(free, 3, 2, true));
        assertEquals(List.of(List.of(100, 101, 102), List.of(103, 104, 105)), PortRuns.choose(free, 3, 3, true),
                "two ports left over: no third VM");
    }

    @Test
    void aPartialReadWithoutEnoughRunsAsksForMore() {
        // a run may lie above the ports read: the lowest free ports are not the answer yet
        assertNull(PortRuns.choose(List.of(1, 3, 5, 7), 3, 1, false));
        assertEquals(List.of(List.of(4, 5, 6)), PortRuns.choose(List.of(1, 4, 5, 6), 3, 1, false));
    }
}
