package dev.vmnet.secrets.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "SecretValue")
public record SecretValueResponse(long id, String name, String value) {

    @Override
    public String toString() {
        return "SecretValueResponse[id=" + id + ", name=" + name + "]";
    }
}
