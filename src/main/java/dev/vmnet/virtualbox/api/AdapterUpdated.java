package dev.vmnet.virtualbox.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to an adapter change: the adapter as VirtualBox has it afterwards. */
@RegisterForReflection
@JsonPropertyOrder({"slot", "message", "adapter"})
@Schema(name = "VBoxAdapterUpdated")
public record AdapterUpdated(int slot, @Schema(example = "Network adapter updated") String message, NetworkAdapter adapter) {}
