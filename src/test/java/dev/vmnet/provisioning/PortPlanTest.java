package dev.vmnet.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vmnet.common.ApiException;
import dev.vmnet.network.PortKind;
import dev.vmnet.router.RouterOp;
import dev.vmnet.router.VyosDialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each port action changes and which router ops it needs, without a database or a router. */
class PortPlanTest {

    private static final VyosDialect V14 = new VyosDialect(VyosDialect.Version.V1_4, "LAN", "192.168.64.0/24");
    private static final PortKind SSH = new PortKind("ssh", 22, 0);
    private static final PortKind HTTP = new PortKind("http", 80, 1);
    private static final PortKind HTTPS = new PortKind("https", 443, 2);
    private static final List<PortKind> ALL = List.of(SSH, HTTP, HTTPS);

    /** ssh enabled on 32000, http paused on 32001, https deleted (its rule number kept). */
    private static final Vm VM = new Vm(7, "web", "00:11:22:33:44:aa", "192.168.64.100", 10001, 3, 32000, 39999,
            VmState.READY, null, List.of(
                    new VmPort("ssh", 22, 32000, 10001, PortStatus.ENABLED),
                    new VmPort("http", 80, 32001, 10002, PortStatus.PAUSED),
                    new VmPort("https", 443, null, 10003, PortStatus.NOT_ACTIVE)),
            "alice", null, null);

    private static List<RouterOp> ops(PortPlan.Change change) {
        return V14.changes(change.before().routerConfig("eth0"), change.after().routerConfig("eth0"));
    }

    private static List<String> rule(int number, String... leaf) {
        return List.of(concat(List.of("nat", "destination", "rule", String.valueOf(number)), leaf));
    }

    private static String[] concat(List<String> head, String... tail) {
        String[] all = head.toArray(new String[head.size() + tail.length]);
        System.arraycopy(tail, 0, all, head.size(), tail.length);
        return all;
    }

    @Test
    void pausingEveryPortSetsTheDisableLeafOfTheActiveOnesOnly() {
        PortPlan.Change change = PortPlan.of(VM, ALL, false, PortAction.PAUSE).allocated(List.of());
        assertEquals(List.of(RouterOp.set(rule(10001, "disable"))), ops(change));
        assertEquals(List.of(new VmPort("ssh", 22, 32000, 10001, PortStatus.PAUSED)), change.changed());
        assertEquals(List.of(), change.releasedPorts());
        assertEquals(List.of(), change.created());
    }

    @Test
    void enablingAPausedPortDeletesItsDisableLeaf() {
        PortPlan.Change change = PortPlan.of(VM, List.of(HTTP), true, PortAction.ENABLE).allocated(List.of());
        assertEquals(List.of(RouterOp.delete(rule(10002, "disable"))), ops(change));
        assertEquals(List.of(new VmPort("http", 80, 32001, 10002, PortStatus.ENABLED)), change.changed());
    }

    @Test
    void deletingAPortRemovesItsRuleAndReleasesItsExternalPort() {
        PortPlan.Change change = PortPlan.of(VM, List.of(SSH), true, PortAction.DELETE).allocated(List.of());
        assertEquals(List.of(RouterOp.delete(rule(10001))), ops(change));
        assertEquals(List.of(32000), change.releasedPorts());
        assertEquals(List.of(new VmPort("ssh", 22, null, 10001, PortStatus.NOT_ACTIVE)), change.changed());
    }

    @Test
    void creatingAPortWritesItsRuleWithTheAllocatedPortInItsOwnRuleNumber() {
        PortPlan plan = PortPlan.of(VM, List.of(HTTPS, SSH), true, PortAction.CREATE);
        assertEquals(List.of(VM.ports().get(2)), plan.toCreate()); // ssh is active already
        PortPlan.Change change = plan.allocated(List.of(32002));
        assertEquals(List.of(
                RouterOp.set(rule(10003, "description"), "vmnet:web:https"),
                RouterOp.set(rule(10003, "inbound-interface", "name"), "eth0"),
                RouterOp.set(rule(10003, "protocol"), "tcp"),
                RouterOp.set(rule(10003, "destination", "port"), "32002"),
                RouterOp.set(rule(10003, "translation", "address"), "192.168.64.100"),
                RouterOp.set(rule(10003, "translation", "port"), "443")), ops(change));
        // stored with its port but not active until the router confirms
        assertEquals(List.of(new VmPort("https", 443, 32002, 10003, PortStatus.NOT_ACTIVE)), change.created());
        assertEquals(List.of(new VmPort("https", 443, 32002, 10003, PortStatus.ENABLED)), change.changed());
    }

    @Test
    void aPortKindAddedAfterProvisioningGetsItsRowInTheVmsNextFreeSlot() {
        Vm twoPorts = new Vm(8, "db", "00:11:22:33:44:bb", "192.168.64.101", 10004, 3, 32000, 39999, VmState.READY, null,
                List.of(new VmPort("ssh", 22, 32003, 10004, PortStatus.ENABLED)), "alice", null, null);
        PortPlan plan = PortPlan.of(twoPorts, List.of(HTTP), true, PortAction.CREATE);
        VmPort row = new VmPort("http", 80, null, 10005, PortStatus.NOT_ACTIVE);
        assertEquals(List.of(row), plan.missingRows());
        PortPlan.Change change = plan.allocated(List.of(32004));
        assertEquals(List.of(twoPorts.ports().get(0), row), change.before().ports());
        assertEquals(6, ops(change).size());
    }

    @Test
    void aPortKindWithoutARuleSlotIsAConflict() {
        Vm oneSlot = new Vm(9, "old", "00:11:22:33:44:cc", "192.168.64.102", 10007, 1, 32000, 39999, VmState.READY, null,
                List.of(new VmPort("ssh", 22, 32005, 10007, PortStatus.ENABLED)), "alice", null, null);
        ApiException refused = assertThrows(ApiException.class, () -> PortPlan.of(oneSlot, List.of(HTTP), true, PortAction.CREATE));
        assertEquals("NO_RULE_SLOT", refused.code());
    }

    @Test
    void namingAnInactivePortForPauseIsNotFoundButPausingAllSkipsIt() {
        ApiException missing = assertThrows(ApiException.class, () -> PortPlan.of(VM, List.of(HTTPS), true, PortAction.PAUSE));
        assertEquals("PORT_NOT_FOUND", missing.code());
        assertEquals(404, missing.status());
        assertEquals(List.of(), ops(PortPlan.of(VM, List.of(HTTPS), false, PortAction.PAUSE).allocated(List.of())));
    }

    @Test
    void theAllocationMustMatchThePortsToCreate() {
        PortPlan plan = PortPlan.of(VM, List.of(HTTPS), true, PortAction.CREATE);
        assertThrows(IllegalArgumentException.class, () -> plan.allocated(List.of()));
    }
}
