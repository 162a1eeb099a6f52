package dev.vmnet.virtualbox.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** POST /api/v1/vms/{vm}/snapshots/{snapshot}/restore. */
@RegisterForReflection
@Schema(name = "VBoxRestoreRequest")
public record RestoreRequest(@Schema(description = "Start the VM after the restore", defaultValue = "false") Boolean startVm) {}
