package dev.vmnet.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An X-API-Key header to check. */
final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }
}
