package dev.vmnet.auth;

import dev.vmnet.identity.Roles;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route against every kind of credential: the expected refusal (status and code) or
 * admission, and no side effect when refused.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {

    /** OTHER_USER: a change to another user (a user may change only itself). */
    enum Access { PUBLIC, READ, WRITE, ADMIN, REGISTER, OTHER_USER, ANY }

    record Route(String method, String path, String body, Access access) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final AtomicInteger USERS = new AtomicInteger();

    @Inject
    NetworkState state;

    private Credentials credentials;

    /** Built once for all cases (RestAssured knows the test port only from the first test on). */
    @BeforeEach
    void world() {
        if (credentials == null) {
            state.reset();
            credentials = Credentials.create();
            state.sql(Credentials.expireSql());
        }
    }

    static List<Route> routes() {
        String badVm = "{\"vm_name\": \"bad name\", \"mac_address\": \"00:11:22:33:44:55\"}";
        return List.of(
                new Route("POST", "/v1/vms/provision", badVm, Access.WRITE),
                new Route("POST", "/v1/vms/ghost/ports/template", "{\"action\": \"pause\"}", Access.WRITE),
                new Route("POST", "/v1/vms/ghost/ports/ssh", "{\"action\": \"pause\"}", Access.WRITE),
                new Route("DELETE", "/v1/vms/ghost/decommission", null, Access.WRITE),
                new Route("DELETE", "/v1/vms/ghost", null, Access.WRITE),
                new Route("GET", "/v1/status/vms/ghost/ports", null, Access.READ),
                new Route("GET", "/v1/vms/ghost/ports/status", null, Access.READ),
                new Route("GET", "/v1/status/ports", null, Access.READ),
                new Route("GET", "/v1/ports/status", null, Access.READ),
                new Route("POST", "/v1/admin/api-keys", "{\"expires_in_days\": -1}", Access.ADMIN),
                new Route("GET", "/v1/admin/api-keys", null, Access.ADMIN),
                new Route("GET", "/v1/admin/api-keys/999999", null, Access.ADMIN),
                new Route("PUT", "/v1/admin/api-keys/999999", "{\"description\": \"x\"}", Access.ADMIN),
                new Route("DELETE", "/v1/admin/api-keys/999999", null, Access.ADMIN),
                new Route("GET", "/v1/audit", null, Access.ADMIN),
                new Route("GET", "/v1/status/drift", null, Access.ADMIN),
                new Route("POST", "/v1/mcp/provision", "{\"context\": {}}", Access.WRITE),
                new Route("POST", "/v1/mcp/decommission", "{\"context\": {}}", Access.WRITE),
                new Route("GET", "/v1/operations/00000000-0000-0000-0000-000000000000", null, Access.READ),
                new Route("POST", "/v1/admin/reconcile", "{\"mode\": \"sideways\"}", Access.ADMIN),
                new Route("GET", "/v1/auth/users/me", null, Access.READ),
                new Route("POST", "/v1/auth/users/me/api-keys/", "{\"expires_in_days\": -5}", Access.WRITE),
                new Route("GET", "/v1/auth/users/me/api-keys/", null, Access.READ),
                new Route("DELETE", "/v1/auth/users/me/api-keys/999999", null, Access.WRITE),
                new Route("POST", "/v1/auth/users/", null, Access.REGISTER),
                new Route("GET", "/v1/auth/users", null, Access.ADMIN),
                new Route("PUT", "/v1/auth/users/nobody-here", "{\"password\": \"long-enough-pass\"}", Access.OTHER_USER),
                new Route("DELETE", "/v1/auth/users/nobody-here", null, Access.ADMIN),
                new Route("POST", "/v1/auth/token", "{\"username\": \"alice\", \"password\": \"" + Credentials.password("alice") + "\"}",
                        Access.PUBLIC),
                new Route("GET", "/v1/health", null, Access.ANY));
    }

    static Stream<Arguments> cases() {
        List<String> names = List.of("none", "unknown key", "expired key", "admin key", "user key", "viewer key",
                "user JWT", "admin JWT", "expired JWT", "JWT signed by another key", "tampered JWT");
        List<Arguments> cases = new ArrayList<>();
        for (Route route : routes()) {
            for (String name : names) {
                cases.add(Arguments.of(route, name));
            }
        }
        return cases.stream();
    }

    /** The status and code expected, or null when the call must be let through. */
    static String[] expected(Route route, String credential) {
        if (route.access() == Access.ANY) {
            return null;
        }
        switch (credential) {
            case "unknown key":
                return refused(401, "INVALID_API_KEY");
            case "expired key":
                return refused(401, "EXPIRED_API_KEY");
            case "expired JWT", "JWT signed by another key", "tampered JWT":
                return refused(401, "INVALID_JWT");
            default:
                break;
        }
        Set<String> roles = switch (credential) {
            case "admin key", "admin JWT" -> Set.of(Roles.ADMIN);
            case "user key", "user JWT" -> Set.of(Roles.USER);
            case "viewer key" -> Set.of(Roles.VIEWER);
            default -> Set.of();
        };
        return switch (route.access()) {
            case PUBLIC -> null;
            case REGISTER -> roles.isEmpty() ? refused(401, "INVALID_API_KEY")
                    : roles.contains(Roles.ADMIN) ? null : refused(403, "ADMIN_REQUIRED");
            case OTHER_USER -> roles.isEmpty() ? refused(401, "INVALID_API_KEY")
                    : roles.contains(Roles.VIEWER) ? refused(403, "READ_ONLY")
                    : roles.contains(Roles.ADMIN) ? null : refused(403, "ADMIN_REQUIRED");
            case READ -> roles.isEmpty() ? refused(401, "INVALID_API_KEY") : null;
            case WRITE -> roles.isEmpty() ? refused(401, "INVALID_API_KEY")
                    : roles.contains(Roles.VIEWER) ? refused(403, "READ_ONLY") : null;
            case ADMIN -> roles.isEmpty() ? refused(401, "INVALID_API_KEY")
                    : roles.contains(Roles.ADMIN) ? null : refused(403, "ADMIN_REQUIRED");
            default -> null;
        };
    }

    private static String[] refused(int status, String code) {
        return new String[] {String.valueOf(status), code};
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void routeAndCredential(Route route, String credentialName) {
        String before = sideEffects();
        String body = route.access() == Access.REGISTER
                ? "{\"username\": \"matrix-" + USERS.incrementAndGet() + "\", \"password\": \"long-enough-pass\"}"
                : route.body();
        RequestSpecification request = credentials.get(credentialName).on(given());
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        Response response = request.request(route.method(), route.path());

        String[] refusal = expected(route, credentialName);
        if (refusal == null) {
            assertTrue(response.statusCode() != 401 && response.statusCode() != 403 && response.statusCode() < 500,
                    () -> "let through, but got " + response.statusCode() + " " + response.asString());
            return;
        }
        assertEquals(Integer.parseInt(refusal[0]), response.statusCode(), response::asString);
        assertEquals("application/problem+json", response.contentType());
        assertEquals(refusal[1], response.path("code"));
        assertEquals(before, sideEffects(), "a refused call changes nothing");
    }

    /** What a call could have changed: rows, audit entries and router calls. */
    private String sideEffects() {
        return state.count("SELECT count(*) FROM vm") + "/" + state.count("SELECT count(*) FROM api_key") + "/"
                + state.count("SELECT count(*) FROM app_user") + "/" + state.count("SELECT count(*) FROM audit_log") + "/"
                + state.configureCalls();
    }
}
