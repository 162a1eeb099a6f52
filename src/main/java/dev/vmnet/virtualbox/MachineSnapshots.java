package dev.vmnet.virtualbox;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.identity.Caller;
import dev.vmnet.virtualbox.api.RestoreResult;
import dev.vmnet.virtualbox.api.SnapshotInfo;
import dev.vmnet.virtualbox.api.SnapshotRequest;
import dev.vmnet.virtualbox.driver.MachineReadable;
import dev.vmnet.virtualbox.driver.Snapshots;
import dev.vmnet.virtualbox.driver.VBoxError;
import dev.vmnet.virtualbox.driver.VBoxException;
import dev.vmnet.virtualbox.driver.VBoxOutput;
import dev.vmnet.virtualbox.driver.VmInfo;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Snapshots (§16). They are named by UUID in paths: VirtualBox allows two snapshots of one name,
 * and a name lookup takes the first. A restore needs the VM powered off, saved or aborted; a
 * running VM is invalid_state before VirtualBox is asked (it would refuse too).
 */
@ApplicationScoped
public class MachineSnapshots {

    static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]{1,128}");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> RESTORABLE = Set.of("poweroff", "saved", "aborted", "aborted-saved");

    private final Machines machines;
    private final VBoxManage vbox;
    private final StateWatch watch;
    private final AuditLog audit;

    public MachineSnapshots(Machines machines, VBoxManage vbox, StateWatch watch, AuditLog audit) {
        this.machines = machines;
        this.vbox = vbox;
        this.watch = watch;
        this.audit = audit;
    }

    public Uni<SnapshotInfo> take(Caller caller, String vm, SnapshotRequest body) {
        if (body == null || body.name() == null || !NAME.matcher(body.name()).matches() || body.name().startsWith("-")) {
            return Uni.createFrom().failure(MachineProblem.invalidRequest(
                    "name is required: 1-128 characters, without control characters or a leading '-'", "name"));
        }
        if (body.description() != null && (body.description().length() > 1024 || body.description().chars().anyMatch(Character::isISOControl))) {
            return Uni.createFrom().failure(MachineProblem.invalidRequest(
                    "description must be at most 1024 characters, without control characters", "description"));
        }
        return machines.resolve(caller, vm, true).chain(target -> audit.record(caller, "vbox.snapshot.take", target.name(),
                machines.serialized(target, t -> machines.info(t.uuid()).chain(info -> {
                    List<String> command = new ArrayList<>(List.of("snapshot", t.uuid(), "take", body.name()));
                    if (body.description() != null && !body.description().isEmpty()) {
                        command.addAll(List.of("--description", body.description()));
                    }
                    if (Boolean.TRUE.equals(body.includeRam())) {
                        command.add("--live");
                    }
                    boolean online = MachineView.running(info.state());
                    Instant taken = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                    return machines.command(t, command).call(() -> watch.observe(t.uuid(), caller))
                            .map(output -> new SnapshotInfo(VBoxOutput.uuidAfter(output.stdout(), "Snapshot taken. UUID:"), body.name(),
                                    body.description(), taken.toString(), online, null, null));
                })), body.name()));
    }

    public Uni<List<SnapshotInfo>> list(Caller caller, String vm) {
        return machines.resolve(caller, vm, false).chain(target -> snapshots(target));
    }

    /** snapshot list (§16): "This machine does not have any snapshots" exits 1 and is an empty list. */
    private Uni<List<SnapshotInfo>> snapshots(Machines.Target target) {
        return vbox.attempt(List.of("snapshot", target.uuid(), "list", "--machinereadable")).map(output -> {
            if (output.failed() && !output.stdout().contains("does not have any snapshots")) {
                throw Machines.notFoundOr(target.uuid(), new VBoxException(List.of("snapshot"),
                        VBoxError.parse(output.exitCode(), output.stderr())));
            }
            List<VmInfo.Snapshot> snapshots = Snapshots.parse(output.stdout());
            String current = Snapshots.currentUuid(MachineReadable.parse(output.stdout()));
            return snapshots.stream().map(s -> new SnapshotInfo(s.uuid(), s.name(), s.description(), null, null, s.parentUuid(),
                    s.uuid().equals(current))).toList();
        });
    }

    public Uni<RestoreResult> restore(Caller caller, String vm, String snapshotId, boolean start) {
        return machines.resolve(caller, vm, true).chain(target -> audit.record(caller, "vbox.snapshot.restore", target.name(),
                machines.serialized(target, t -> snapshot(t, snapshotId).chain(snapshot -> machines.info(t.uuid()).chain(info -> {
                    if (!RESTORABLE.contains(info.state())) {
                        throw MachineProblem.invalidState("The VM must be powered off or saved to restore a snapshot", t.uuid(), info.state());
                    }
                    Uni<String> restored = machines.command(t, List.of("snapshot", t.uuid(), "restore", snapshot.snapshotId()))
                            .chain(() -> watch.observe(t.uuid(), caller));
                    if (start) {
                        restored = restored.chain(() -> machines.command(t, List.of("startvm", t.uuid(), "--type", "headless")))
                                .chain(() -> watch.observe(t.uuid(), caller));
                    }
                    return restored.map(state -> new RestoreResult(t.uuid(), snapshot.snapshotId(), info.state(), state,
                            "Snapshot restored successfully"));
                }))), snapshotId));
    }

    public Uni<Void> delete(Caller caller, String vm, String snapshotId) {
        return machines.resolve(caller, vm, true).chain(target -> audit.record(caller, "vbox.snapshot.delete", target.name(),
                machines.serialized(target, t -> snapshot(t, snapshotId)
                        .chain(snapshot -> machines.command(t, List.of("snapshot", t.uuid(), "delete", snapshot.snapshotId())))
                        .replaceWithVoid()), snapshotId));
    }

    /** The VM's snapshot with this UUID, or not_found: a name is never passed on (it could match another snapshot). */
    private Uni<SnapshotInfo> snapshot(Machines.Target target, String snapshotId) {
        if (snapshotId == null || !UUID_TEXT.matcher(snapshotId).matches()) {
            return Uni.createFrom().failure(MachineProblem.notFound("The specified snapshot was not found", "snapshot_id", String.valueOf(snapshotId)));
        }
        return snapshots(target).map(all -> all.stream().filter(s -> s.snapshotId().equalsIgnoreCase(snapshotId)).findFirst()
                .orElseThrow(() -> MachineProblem.notFound("The specified snapshot was not found", "snapshot_id", snapshotId)));
    }
}
