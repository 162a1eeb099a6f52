package dev.vmnet.provisioning.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@RegisterForReflection
@JsonPropertyOrder({"status", "message"})
public record DecommissionResponse(
        @Schema(example = "success") String status,
        @Schema(example = "VM server-01 and all NAT rules removed") String message) {}
