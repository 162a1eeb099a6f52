package dev.vmnet.virtualbox;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.identity.Caller;
import dev.vmnet.virtualbox.api.AdapterRequest;
import dev.vmnet.virtualbox.api.AdapterUpdated;
import dev.vmnet.virtualbox.api.NetworkAdapter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A VM's network adapters. A change is one modifyvm, which needs the write lock: on a running or
 * saved VM VirtualBox refuses it (§10), so the service answers invalid_state before asking. A
 * running VM takes one change: its cable, through controlvm setlinkstate.
 */
@ApplicationScoped
public class MachineAdapters {

    private final Machines machines;
    private final AuditLog audit;

    public MachineAdapters(Machines machines, AuditLog audit) {
        this.machines = machines;
        this.audit = audit;
    }

    public Uni<List<NetworkAdapter>> list(Caller caller, String vm) {
        return machines.resolve(caller, vm, false).chain(target -> machines.info(target.uuid())).map(MachineView::adapters);
    }

    public Uni<AdapterUpdated> configure(Caller caller, String vm, String slotText, AdapterRequest body) {
        int slot = slot(slotText);
        if (slot < 0 || slot >= MachinePlans.MAX_ADAPTERS) {
            return Uni.createFrom().failure(MachineProblem.invalidRequest("slot must be 0 to " + (MachinePlans.MAX_ADAPTERS - 1), "slot"));
        }
        if (body == null) {
            return Uni.createFrom().failure(MachineProblem.invalidRequest("A JSON body is required"));
        }
        List<String> options;
        try {
            options = options(slot + 1, body);
        } catch (MachineProblem e) {
            return Uni.createFrom().failure(e);
        }
        return machines.resolve(caller, vm, true).chain(target -> audit.record(caller, "vbox.adapter.update", target.name(),
                machines.serialized(target, t -> machines.info(t.uuid()).chain(info -> {
                    List<String> command = new ArrayList<>();
                    if (MachineView.running(info.state()) && onlyCable(body)) {
                        // the one change a running VM takes: its link state, through its console session
                        command.addAll(List.of("controlvm", t.uuid(), "setlinkstate" + (slot + 1), body.cableConnected() ? "on" : "off"));
                    } else if (!"poweroff".equals(info.state()) && !"aborted".equals(info.state())) {
                        throw MachineProblem.invalidState("Power the VM off to change its network adapters (a running VM takes "
                                + "cable_connected alone)", t.uuid(), info.state());
                    } else {
                        command.addAll(List.of("modifyvm", t.uuid()));
                        command.addAll(options);
                    }
                    return machines.command(t, command).chain(() -> machines.info(t.uuid()));
                }).map(info -> new AdapterUpdated(slot, "Network adapter updated", MachineView.adapters(info).stream()
                        .filter(adapter -> adapter.slot() == slot).findFirst().orElse(null)))), "slot " + slot));
    }

    private static boolean onlyCable(AdapterRequest body) {
        return body.cableConnected() != null && body.enabled() == null && body.type() == null && body.mode() == null
                && body.bridgeAdapter() == null && body.attachment() == null;
    }

    private static int slot(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** modifyvm's options (§10) for adapter {@code n} (1-based), checked. */
    static List<String> options(int n, AdapterRequest body) {
        List<String> options = new ArrayList<>();
        String mode = body.mode() == null ? null : body.mode().toLowerCase(Locale.ROOT);
        if (mode != null && !MachinePlans.MODES.contains(mode)) {
            throw MachineProblem.invalidRequest("mode must be one of nat, bridged, hostonly, intnet, none", "mode");
        }
        if (Boolean.FALSE.equals(body.enabled())) {
            mode = "none";
        } else if (Boolean.TRUE.equals(body.enabled()) && mode == null) {
            mode = "nat";
        }
        if (body.type() != null && !MachinePlans.NIC_TYPES.contains(body.type())) {
            throw MachineProblem.invalidRequest("type must be a NIC type such as 82540EM or virtio", "type");
        }
        String attachment = body.bridgeAdapter() != null ? body.bridgeAdapter() : body.attachment();
        if (attachment != null && !MachinePlans.ATTACHMENT.matcher(attachment).matches()) {
            throw MachineProblem.invalidRequest("bridge_adapter and attachment must be interface or network names", "bridge_adapter");
        }
        if ("bridged".equals(mode) && attachment == null) {
            throw MachineProblem.invalidRequest("bridged needs bridge_adapter: the host interface", "bridge_adapter");
        }
        if (mode != null) {
            options.addAll(List.of("--nic" + n, mode));
        }
        if (body.type() != null) {
            options.addAll(List.of("--nictype" + n, body.type()));
        }
        if (body.cableConnected() != null) {
            options.addAll(List.of("--cableconnected" + n, body.cableConnected() ? "on" : "off"));
        }
        if (attachment != null && mode != null && !mode.equals("nat") && !mode.equals("none")) {
            options.addAll(List.of(MachinePlans.attachmentOption(mode) + n, attachment));
        }
        if (options.isEmpty()) {
            throw MachineProblem.invalidRequest("Nothing to change: give enabled, type, cable_connected, mode or bridge_adapter");
        }
        return options;
    }
}
