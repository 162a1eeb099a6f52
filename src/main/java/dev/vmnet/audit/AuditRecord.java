package dev.vmnet.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;

/** One recorded change: who (never a secret), what, on which target, with which result. */
@RegisterForReflection
@JsonPropertyOrder({"id", "at", "actor", "action", "target", "result", "detail"})
public record AuditRecord(long id, OffsetDateTime at, String actor, String action, String target, String result, String detail) {}
