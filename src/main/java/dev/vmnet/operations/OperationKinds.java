package dev.vmnet.operations;

import dev.vmnet.provisioning.rest.DecommissionResponse;
import dev.vmnet.provisioning.rest.PortActionResponse;
import dev.vmnet.provisioning.rest.ProvisionResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** For the OpenAPI document only: an operation of each kind, with the body its result holds once applied. */
public final class OperationKinds {

    private static final String RESULT = "Once applied: the body the synchronous call answers";

    private OperationKinds() {}

    @Schema(name = "ProvisionOperation", allOf = Operation.class, description = "A provision (kind provision)")
    public record Provision(@Schema(description = RESULT) ProvisionResponse result) {}

    // one schema per kind: typescript-fetch imports a model twice when two discriminator values name it
    @Schema(name = "PortTemplateOperation", allOf = Operation.class, description = "Several ports' action (kind port_template)")
    public record PortTemplate(@Schema(description = RESULT) PortActionResponse result) {}

    @Schema(name = "PortActionOperation", allOf = Operation.class, description = "One port's action (kind port_action)")
    public record PortAction(@Schema(description = RESULT) PortActionResponse result) {}

    @Schema(name = "DecommissionOperation", allOf = Operation.class, description = "A decommission (kind decommission)")
    public record Decommission(@Schema(description = RESULT) DecommissionResponse result) {}
}
