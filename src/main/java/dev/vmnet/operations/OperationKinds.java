package dev.vmnet.operations;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * For the OpenAPI document only: an operation of each kind, with the body its result holds once
 * applied (by schema name: the bodies are the VM endpoints', which this package does not import).
 */
public final class OperationKinds {

    private static final String RESULT = "Once applied: the body the synchronous call answers";

    private OperationKinds() {}

    @Schema(name = "ProvisionOperation", allOf = Operation.class, description = "A provision (kind provision)")
    public record Provision(@Schema(description = RESULT, ref = "ProvisionResponse") Object result) {}

    // one schema per kind: typescript-fetch imports a model twice when two discriminator values name it
    @Schema(name = "PortTemplateOperation", allOf = Operation.class, description = "Several ports' action (kind port_template)")
    public record PortTemplate(@Schema(description = RESULT, ref = "PortActionResponse") Object result) {}

    @Schema(name = "PortActionOperation", allOf = Operation.class, description = "One port's action (kind port_action)")
    public record PortAction(@Schema(description = RESULT, ref = "PortActionResponse") Object result) {}

    @Schema(name = "DecommissionOperation", allOf = Operation.class, description = "A decommission (kind decommission)")
    public record Decommission(@Schema(description = RESULT, ref = "DecommissionResponse") Object result) {}
}
