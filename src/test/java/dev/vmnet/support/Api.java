package dev.vmnet.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Requests as an API client with a valid key makes them. */
public final class Api {

    private Api() {}

    public static RequestSpecification api() {
        return given().header("X-API-Key", "test-key").contentType(ContentType.JSON);
    }

    /** Provisions with a one-address IP range and a three-port range, so every value is known. */
    public static Response provision(String name, String mac, int lastOctet, int firstPort) {
        return api().body("""
                {"vm_name": "%s", "mac_address": "%s",
                 "ip_range": {"base": "192.168.64.", "start": %d, "end": %d},
                 "port_range": {"start": %d, "end": %d}}""".formatted(name, mac, lastOctet, lastOctet, firstPort, firstPort + 2))
                .post("/v1/vms/provision");
    }
}
