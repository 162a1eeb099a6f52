package dev.vmnet.virtualbox.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code snapshot <vm> list --machinereadable} (docs/virtualbox.md §16). */
class SnapshotsTest {

    /** §16's sample (packer's snapshot_test.go), verbatim. */
    static final String SAMPLE = """
            SnapshotName="Imported"
            SnapshotUUID="7e5b4165-91ec-4091-a74c-a5709d584530"
            SnapshotName-1="Snapshot 1"
            SnapshotUUID-1="5fc461ec-da7a-40a8-a168-03134d7cdf5c"
            SnapshotName-1-1="Snapshot 2"
            SnapshotUUID-1-1="8e12833b-c6b5-4cbd-b42b-09eff8ffc173"
            SnapshotName-1-2="Snapshot-Export"
            SnapshotUUID-1-2="c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4"
            CurrentSnapshotName="Snapshot-Export"
            CurrentSnapshotUUID="c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4"
            CurrentSnapshotNode="SnapshotName-1-2"
            SnapshotName-2="Snapshot 5"
            SnapshotUUID-2="85646c6a-fb86-4112-b15e-cab090670778"
            """;

    static final List<VmInfo.Snapshot> SAMPLE_SNAPSHOTS = List.of(
            new VmInfo.Snapshot("7e5b4165-91ec-4091-a74c-a5709d584530", "Imported", "", "", null),
            new VmInfo.Snapshot("5fc461ec-da7a-40a8-a168-03134d7cdf5c", "Snapshot 1", "", "-1", "7e5b4165-91ec-4091-a74c-a5709d584530"),
            new VmInfo.Snapshot("8e12833b-c6b5-4cbd-b42b-09eff8ffc173", "Snapshot 2", "", "-1-1", "5fc461ec-da7a-40a8-a168-03134d7cdf5c"),
            new VmInfo.Snapshot("c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4", "Snapshot-Export", "", "-1-2", "5fc461ec-da7a-40a8-a168-03134d7cdf5c"),
            new VmInfo.Snapshot("85646c6a-fb86-4112-b15e-cab090670778", "Snapshot 5", "", "-2", "7e5b4165-91ec-4091-a74c-a5709d584530"));

    @Test
    void sampleGivesFiveSnapshotsInPreOrderWithTheirParents() {
        List<VmInfo.Snapshot> snapshots = Snapshots.parse(SAMPLE);

        assertEquals(5, snapshots.size());
        assertEquals(SAMPLE_SNAPSHOTS, snapshots);
        assertEquals("c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4", Snapshots.currentUuid(MachineReadable.parse(SAMPLE)));
        assertEquals("Snapshot-Export", snapshots.stream()
                .filter(s -> s.uuid().equals(Snapshots.currentUuid(MachineReadable.parse(SAMPLE))))
                .findFirst().orElseThrow().name());
    }

    @Test
    void crlfGivesTheSameTree() {
        assertEquals(SAMPLE_SNAPSHOTS, Snapshots.parse(SAMPLE.replace("\n", "\r\n")));
    }

    @Test
    void noSnapshotsIsAnEmptyList() {
        assertEquals(List.of(), Snapshots.parse("This machine does not have any snapshots\n"));
        assertEquals(List.of(), Snapshots.parse("This machine does not have any snapshots\r\n"));
        assertEquals(List.of(), Snapshots.parse(""));
        assertEquals(List.of(), Snapshots.parse(null));
        assertNull(Snapshots.currentUuid(MachineReadable.parse("This machine does not have any snapshots\n")));
    }

    @Test
    void descriptionsAreReadOnlyWhereTheyArePrinted() {
        List<VmInfo.Snapshot> snapshots = Snapshots.parse("""
                SnapshotName="base"
                SnapshotUUID="11111111-1111-1111-1111-111111111111"
                SnapshotDescription="clean install
                with "tools""
                SnapshotName-1="Snapshot 2"
                SnapshotUUID-1="22222222-2222-2222-2222-222222222222"
                CurrentSnapshotName="Snapshot 2"
                CurrentSnapshotUUID="22222222-2222-2222-2222-222222222222"
                CurrentSnapshotNode="SnapshotName-1"
                SnapshotName-1-1="Snapshot 2"
                SnapshotUUID-1-1="33333333-3333-3333-3333-333333333333"
                SnapshotDescription-1-1="duplicate names are allowed"
                """);

        assertEquals(3, snapshots.size());
        assertEquals("clean install\nwith \"tools\"", snapshots.get(0).description());
        assertEquals("", snapshots.get(1).description());
        assertEquals("duplicate names are allowed", snapshots.get(2).description());
        assertEquals("Snapshot 2", snapshots.get(2).name());
        assertEquals("22222222-2222-2222-2222-222222222222", snapshots.get(2).parentUuid());
    }

    @Test
    void aSnapshotWithoutUuidIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Snapshots.parse("SnapshotName=\"lonely\"\n"));
        assertTrue(e.getMessage().contains("SnapshotUUID"));
    }
}
