package dev.vmnet.virtualbox.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** POST /api/v1/vms/{vm}/stop: the ACPI power button, or with force a power-off. */
@RegisterForReflection
@Schema(name = "VBoxStop")
public record StopRequest(@Schema(defaultValue = "false") Boolean force) {}
