package dev.vmnet.auth.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@JsonPropertyOrder({"access_token", "token_type", "expires_in"})
public record TokenResponse(String accessToken, @Schema(example = "bearer") String tokenType,
        @Schema(description = "Seconds until the token expires", example = "1800") long expiresIn) {}
