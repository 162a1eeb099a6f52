package dev.vmnet.provisioning.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@RegisterForReflection
@JsonPropertyOrder({"status", "machine_id", "mac_address", "internal_ip", "external_ports", "nat_rule_base"})
public record ProvisionResponse(
        @Schema(example = "success") String status,
        @Schema(example = "server-01") String machineId,
        @Schema(example = "00:11:22:33:44:aa") String macAddress,
        @Schema(example = "192.168.64.100") String internalIp,
        @Schema(description = "External port per port kind", example = "{\"ssh\": 32000, \"http\": 32001, \"https\": 32002}")
        Map<String, Integer> externalPorts,
        @Schema(example = "10001") int natRuleBase) {}
