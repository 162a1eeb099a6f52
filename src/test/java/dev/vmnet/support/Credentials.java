package dev.vmnet.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every kind of credential a caller can present, made through the API itself (the bootstrap key
 * registers the users and creates the keys), plus tokens a legitimate issuer would never give out.
 */
public final class Credentials {

    /** A header to send, by the name the tests use. */
    public record Credential(String name, String header, String value) {

        public RequestSpecification on(RequestSpecification request) {
            return header == null ? request : request.header(header, value);
        }
    }

    public final Map<String, Credential> all = new LinkedHashMap<>();

    private Credentials() {}

    /** Users alice (admin), bob and carol (user), vera (viewer), and their keys and tokens. */
    public static Credentials create() {
        Credentials c = new Credentials();
        for (String[] user : new String[][] {{"alice", "admin"}, {"bob", "user"}, {"carol", "user"}, {"vera", "viewer"}}) {
            bootstrap().body("{\"username\": \"" + user[0] + "\", \"password\": \"" + password(user[0])
                    + "\", \"roles\": [\"" + user[1] + "\"]}").post("/v1/auth/users/").then().statusCode(201);
        }
        c.put("none", null, null);
        c.put("unknown key", "X-API-Key", "vmk_" + "A".repeat(43));
        c.put("expired key", "X-API-Key", adminKey(false, 1));
        c.put("admin key", "X-API-Key", adminKey(true, 0));
        c.put("user key", "X-API-Key", ownKey(login("bob")));
        c.put("viewer key", "X-API-Key", keyFor("vera"));
        c.put("user JWT", "Authorization", "Bearer " + login("bob"));
        c.put("admin JWT", "Authorization", "Bearer " + login("alice"));
        c.put("expired JWT", "Authorization", "Bearer " + jwt("bob", Set.of("user"), Instant.now().minusSeconds(3600), testKey()));
        c.put("JWT signed by another key", "Authorization", "Bearer " + jwt("alice", Set.of("admin"),
                Instant.now().plusSeconds(600), otherKey()));
        c.put("tampered JWT", "Authorization", "Bearer " + tamper(login("bob")));
        return c;
    }

    /** The expired key was made with a day to live; the test moves its expiry into the past. */
    public static String expireSql() {
        return "UPDATE api_key SET expires_at = now() - interval '1 minute' WHERE expires_at IS NOT NULL";
    }

    public Credential get(String name) {
        return all.get(name);
    }

    public static RequestSpecification bootstrap() {
        return given().header("X-API-Key", "test-key").contentType(ContentType.JSON);
    }

    /** Registers {@code username} with {@code role} (the bootstrap key can) and answers requests as that user. */
    public static RequestSpecification user(String username, String role) {
        bootstrap().body("{\"username\": \"" + username + "\", \"password\": \"" + password(username)
                + "\", \"roles\": [\"" + role + "\"]}").post("/v1/auth/users/").then().statusCode(201);
        return as(username);
    }

    /** Requests with a fresh token of {@code username}'s. */
    public static RequestSpecification as(String username) {
        return given().header("Authorization", "Bearer " + login(username)).contentType(ContentType.JSON);
    }

    public static String password(String username) {
        return username + "-secret-pass";
    }

    public static String login(String username) {
        return given().contentType(ContentType.JSON)
                .body("{\"username\": \"" + username + "\", \"password\": \"" + password(username) + "\"}")
                .post("/v1/auth/token").then().statusCode(200).extract().path("access_token");
    }

    private static String adminKey(boolean admin, int days) {
        return bootstrap().body("{\"description\": \"made by a test\", \"is_admin\": " + admin + ", \"expires_in_days\": " + days + "}")
                .post("/v1/admin/api-keys").then().statusCode(201).extract().path("api_key");
    }

    /** Viewers may not POST, so an admin makes a viewer's key for them. */
    private static String keyFor(String username) {
        return bootstrap().body("{\"username\": \"" + username + "\"}").post("/v1/admin/api-keys")
                .then().statusCode(201).extract().path("api_key");
    }

    private static String ownKey(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"description\": \"own key\"}").post("/v1/auth/users/me/api-keys/")
                .then().statusCode(201).extract().path("api_key");
    }

    public static String jwt(String subject, Set<String> roles, Instant expiresAt, PrivateKey key) {
        return Jwt.issuer("vyos-vm-network-api").subject(subject).upn(subject).groups(roles)
                .issuedAt(expiresAt.minusSeconds(1800)).expiresAt(expiresAt).sign(key);
    }

    /** The signing key the test profile made (target/test-jwt-keys). */
    public static PrivateKey testKey() {
        try {
            String pem = Files.readString(Path.of("target/test-jwt-keys/jwt-private.pem"));
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key this service never signs with. */
    public static PrivateKey otherKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token whose payload now claims admin, with the original signature. */
    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"groups\":[\"user\"]", "\"groups\":[\"admin\"]");
        if (!payload.contains("\"admin\"")) {
            throw new IllegalStateException("the token's payload did not have the expected groups: " + payload);
        }
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    private void put(String name, String header, String value) {
        all.put(name, new Credential(name, header, value));
    }
}
