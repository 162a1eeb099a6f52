package dev.vmnet.virtualbox.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** POST /api/v1/vms/{vm}/start: headless unless gui is asked for. */
@RegisterForReflection
@Schema(name = "VBoxStart")
public record StartRequest(@Schema(defaultValue = "true") Boolean headless, @Schema(defaultValue = "false") Boolean gui) {

    public boolean asHeadless() {
        return !(Boolean.TRUE.equals(gui) || Boolean.FALSE.equals(headless));
    }
}
