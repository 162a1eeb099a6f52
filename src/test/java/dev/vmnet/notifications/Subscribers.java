package dev.vmnet.notifications;

import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Integrations made through the API, and a receiver's check of a signature. */
final class Subscribers {

    private Subscribers() {}

    /** Creates a webhook integration and answers its signing secret. */
    static String integration(RequestSpecification as, String name, String target, String config) {
        return as.body("{\"name\": \"%s\", \"type\": \"webhook\", \"target\": \"%s\", \"is_active\": true, \"config\": %s}"
                        .formatted(name, target, config))
                .post("/v1/integrations/").then().statusCode(201).extract().path("signing_secret");
    }

    /** What a Standard Webhooks receiver computes, written here from the convention, not from the service's code. */
    static String signature(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
