package dev.vmnet.provisioning.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vmnet.provisioning.PortStatus;
import dev.vmnet.provisioning.VmPort;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A port as the router has it: number and rule are null when it is not active. */
@RegisterForReflection
@JsonPropertyOrder({"status", "external_port", "nat_rule_number"})
public record PortState(
        PortStatus status,
        @Schema(nullable = true, example = "32000") Integer externalPort,
        @Schema(nullable = true, example = "10001") Integer natRuleNumber) {

    static PortState of(VmPort port) {
        return port.status().active()
                ? new PortState(port.status(), port.externalPort(), port.natRuleNumber())
                : new PortState(PortStatus.NOT_ACTIVE, null, null);
    }

    static final PortState NOT_ACTIVE = new PortState(PortStatus.NOT_ACTIVE, null, null);
}
