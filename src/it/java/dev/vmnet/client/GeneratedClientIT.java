package dev.vmnet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openapitools.client.ApiClient;
import org.openapitools.client.ApiException;
import org.openapitools.client.ApiResponse;
import org.openapitools.client.api.AdminApi;
import org.openapitools.client.api.McpApi;
import org.openapitools.client.api.OperationsApi;
import org.openapitools.client.api.StatusApi;
import org.openapitools.client.api.UsersApi;
import org.openapitools.client.api.VmsApi;
import org.openapitools.client.model.APIKeyResponse;
import org.openapitools.client.model.ApiKeyRequest;
import org.openapitools.client.model.DecommissionResponse;
import org.openapitools.client.model.IpRange;
import org.openapitools.client.model.McpDecommissionInput;
import org.openapitools.client.model.McpDecommissionRequest;
import org.openapitools.client.model.McpDecommissionResponse;
import org.openapitools.client.model.McpProvisionRequest;
import org.openapitools.client.model.McpProvisionResponse;
import org.openapitools.client.model.Operation;
import org.openapitools.client.model.PortAction;
import org.openapitools.client.model.PortActionRequest;
import org.openapitools.client.model.PortActionResponse;
import org.openapitools.client.model.PortRange;
import org.openapitools.client.model.PortState;
import org.openapitools.client.model.PortStatus;
import org.openapitools.client.model.Problem;
import org.openapitools.client.model.ProvisionOperation;
import org.openapitools.client.model.ProvisionRequest;
import org.openapitools.client.model.ProvisionResponse;
import org.openapitools.client.model.RegisterRequest;
import org.openapitools.client.model.State;
import org.openapitools.client.model.TokenResponse;
import org.openapitools.client.model.UserResponse;
import org.openapitools.client.model.VmPortsStatus;

/**
 * The Java client openapi-generator makes from the document (library native, its defaults), used
 * as our users use it against the packaged service. Compiled by the build after the client is
 * generated, so it is written against the generated classes themselves.
 */
@QuarkusIntegrationTest
class GeneratedClientIT {

    private static final String BOOTSTRAP_KEY = "test-key";
    private static final String VM = "generated-client-vm";
    private static final String ASYNC_VM = "generated-client-async";

    @Test
    void theClientsComeFromTheDocumentTheServiceServes() throws Exception {
        HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base().resolve("/q/openapi?format=json"))
                .build(), HttpResponse.BodyHandlers.ofString());
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(Path.of("target/openapi/openapi.json").toFile()), json.readTree(served.body()));
    }

    @Test
    void aKeyFromTheCreateAnswerProvisionsPausesListsAndDecommissions() throws Exception {
        ApiClient admin = client("X-API-Key", BOOTSTRAP_KEY);
        removeLeftovers(new VmsApi(admin));
        APIKeyResponse created = new AdminApi(admin).createApiKey(new ApiKeyRequest().description("generated client").expiresInDays(30));
        assertTrue(created.getApiKey().startsWith("vmk_"), created.getApiKey());

        ApiClient user = client("X-API-Key", created.getApiKey());
        VmsApi vms = new VmsApi(user);
        ProvisionResponse provisioned = vms.provisionVm(new ProvisionRequest().vmName(VM).macAddress("02:00:00:00:99:01")
                .ipRange(new IpRange().base("192.168.64.").start(253).end(253)).portRange(new PortRange().start(36990).end(36992)), null);
        int base = provisioned.getNatRuleBase();
        assertEquals(new ProvisionResponse().status("success").machineId(VM).macAddress("02:00:00:00:99:01").internalIp("192.168.64.253")
                .externalPorts(Map.of("ssh", 36990, "http", 36991, "https", 36992)).natRuleBase(base), provisioned);

        PortState paused = new PortState().status(PortStatus.PAUSED).externalPort(36990).natRuleNumber(base);
        assertEquals(new PortActionResponse().status("success").machineId(VM).action(PortAction.PAUSE).ports(Map.of("ssh", paused)),
                vms.applyPortAction(VM, "ssh", new PortActionRequest().action(PortAction.PAUSE), null));

        VmPortsStatus status = new VmPortsStatus().machineId(VM).internalIp("192.168.64.253").ports(Map.of("ssh", paused,
                "http", new PortState().status(PortStatus.ENABLED).externalPort(36991).natRuleNumber(base + 1),
                "https", new PortState().status(PortStatus.ENABLED).externalPort(36992).natRuleNumber(base + 2)));
        StatusApi statuses = new StatusApi(user);
        assertEquals(status, statuses.getVmPortsStatus(VM));
        assertEquals(List.of(status), statuses.listPortsStatus(null, 10), "a key sees only its own VMs");

        assertEquals(new DecommissionResponse().status("success").message("VM " + VM + " and all NAT rules removed"),
                vms.decommissionVm(VM, null));
        assertEquals(List.of(), statuses.listPortsStatus(null, null));

        // read back: the same key, without its value
        assertEquals(created.apiKey(null), new AdminApi(admin).getApiKey(String.valueOf(created.getId())));
    }

    @Test
    void errorsAreProblemsTheClientCanRead() throws Exception {
        ApiClient admin = client("X-API-Key", BOOTSTRAP_KEY);
        ApiException missing = assertThrows(ApiException.class, () -> new StatusApi(admin).getVmPortsStatus("no-such-vm"));
        assertEquals(404, missing.getCode());
        Problem problem = admin.getObjectMapper().readValue(missing.getResponseBody(), Problem.class);
        assertEquals("VM_NOT_FOUND", problem.getCode());
        assertEquals("VM with machine_id 'no-such-vm' not found", problem.getDetail());

        ApiException unauthorized = assertThrows(ApiException.class, () -> new StatusApi(client("X-API-Key", "wrong")).listPortsStatus(null, null));
        assertEquals(401, unauthorized.getCode());
        assertEquals("INVALID_API_KEY", admin.getObjectMapper().readValue(unauthorized.getResponseBody(), Problem.class).getCode());
    }

    @Test
    void anAsynchronousProvisionsOperationHoldsTheProvisionAnswer() throws Exception {
        ApiClient admin = client("X-API-Key", BOOTSTRAP_KEY);
        removeLeftovers(new VmsApi(admin));
        ApiResponse<ProvisionResponse> accepted = new VmsApi(admin).provisionVmWithHttpInfo(new ProvisionRequest().vmName(ASYNC_VM)
                .macAddress("02:00:00:00:99:02").ipRange(new IpRange().base("192.168.64.").start(252).end(252))
                .portRange(new PortRange().start(36993).end(36995)), "respond-async");
        assertEquals(202, accepted.getStatusCode());
        String location = accepted.getHeaders().get("location").get(0);
        String id = location.substring(location.lastIndexOf('/') + 1);

        Operation operation = awaitFinished(new OperationsApi(admin), id);
        ProvisionOperation provision = assertInstanceOf(ProvisionOperation.class, operation, "the kind picks the schema");
        assertEquals(State.APPLIED, provision.getState());
        assertEquals(new ProvisionResponse().status("success").machineId(ASYNC_VM).macAddress("02:00:00:00:99:02")
                .internalIp("192.168.64.252").externalPorts(Map.of("ssh", 36993, "http", 36994, "https", 36995))
                .natRuleBase(provision.getResult().getNatRuleBase()), provision.getResult());

        // the MCP call names it by machine_id, and echoes the context
        McpDecommissionResponse removed = new McpApi(admin).mcpDecommission(new McpDecommissionRequest()
                .context(Map.of("user", "ci", "trace", List.of("a", 1))).input(new McpDecommissionInput().machineId(ASYNC_VM)));
        assertEquals(new McpDecommissionResponse().context(Map.of("user", "ci", "trace", List.of("a", 1)))
                .output(new DecommissionResponse().status("success").message("VM " + ASYNC_VM + " and all NAT rules removed")), removed);
    }

    @Test
    void mcpProvisionAnswersItsBody() throws Exception {
        ApiClient admin = client("X-API-Key", BOOTSTRAP_KEY);
        removeLeftovers(new VmsApi(admin));
        McpProvisionResponse answer = new McpApi(admin).mcpProvision(new McpProvisionRequest().context(Map.of("env", "ci"))
                .input(new ProvisionRequest().vmName(VM).macAddress("02:00:00:00:99:03")
                        .ipRange(new IpRange().base("192.168.64.").start(251).end(251)).portRange(new PortRange().start(36996).end(36998))));
        assertEquals(Map.of("env", "ci"), answer.getContext());
        assertEquals(new ProvisionResponse().status("success").machineId(VM).macAddress("02:00:00:00:99:03").internalIp("192.168.64.251")
                .externalPorts(Map.of("ssh", 36996, "http", 36997, "https", 36998)).natRuleBase(answer.getOutput().getNatRuleBase()),
                answer.getOutput());
        new VmsApi(admin).deleteVm(VM, null);
    }

    @Test
    void aRegisteredUserLogsInAndMakesAPersonalKey() throws Exception {
        String username = "client-" + UUID.randomUUID().toString().substring(0, 8);
        UserResponse registered = new UsersApi(client("X-API-Key", BOOTSTRAP_KEY))
                .registerUser(new RegisterRequest().username(username).password("strong-password").roles(List.of("user")));
        assertEquals(username, registered.getUsername());
        assertTrue(registered.getRoles().contains("user"), "the first user of a database is an admin too");

        TokenResponse token = new UsersApi(client(null, null)).login(username, "strong-password");
        assertEquals("bearer", token.getTokenType());
        UsersApi me = new UsersApi(client("Authorization", "Bearer " + token.getAccessToken()));
        assertEquals(registered, me.getCurrentUser());

        APIKeyResponse own = me.createOwnApiKey(new ApiKeyRequest().description("laptop"));
        assertEquals(username, own.getUsername());
        assertEquals(registered, new UsersApi(client("X-API-Key", own.getApiKey())).getCurrentUser());
        assertEquals(List.of(own.apiKey(null)), me.listOwnApiKeys());
    }

    private static URI base() {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port);
    }

    /** The native library has no authentication settings: a credential is a header every request carries. */
    private static ApiClient client(String header, String value) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base().toString());
        if (header != null) {
            client.setRequestInterceptor(request -> request.header(header, value));
        }
        return client;
    }

    /** The database outlives a run: a VM a failed run left behind goes first. */
    private static void removeLeftovers(VmsApi vms) throws ApiException {
        for (String vm : List.of(VM, ASYNC_VM)) {
            try {
                vms.deleteVm(vm, null);
            } catch (ApiException e) {
                assertEquals(404, e.getCode(), e.getResponseBody());
            }
        }
    }

    private static Operation awaitFinished(OperationsApi operations, String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Operation operation = operations.getOperation(id);
        while (operation.getState() == State.PENDING && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            operation = operations.getOperation(id);
        }
        return operation;
    }
}
