package dev.vmnet.hadr.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "FailoverRequest")
public record FailoverRequest(
        @Schema(enumeration = {"primary", "secondary"}, description = "The router to make active; the standby by default") String target,
        @Schema(defaultValue = "false", description = "Make it active even if it does not answer or cannot be brought up to date first")
        Boolean force) {}
