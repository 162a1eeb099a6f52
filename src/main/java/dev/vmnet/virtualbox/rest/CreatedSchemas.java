package dev.vmnet.virtualbox.rest;

import dev.vmnet.virtualbox.api.DiskAttached;
import dev.vmnet.virtualbox.api.SnapshotInfo;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The envelopes of the 201 answers, for the OpenAPI document only: SmallRye infers an answer's
 * schema from the method's return type for its 200 alone, and {@code Envelope<T>} is generic.
 */
final class CreatedSchemas {

    private CreatedSchemas() {}

    @Schema(name = "EnvelopeDiskAttached")
    record DiskAttachedEnvelope(@Schema(example = "success") String status, DiskAttached data) {}

    @Schema(name = "EnvelopeSnapshotInfo")
    record SnapshotInfoEnvelope(@Schema(example = "success") String status, SnapshotInfo data) {}
}
