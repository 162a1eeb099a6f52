package dev.vmnet.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A WireMock stand-in for the router's API, answering as VyOS does: JSON envelopes sent as
 * text/html. Tests get the server through {@link InjectWireMock} to pin what was sent.
 */
public class WireMockRouter implements QuarkusTestResourceLifecycleManager {

    public static final String KEY = "wiremock-router-key";

    private WireMockServer server;
    private String tls = "none";

    /** {@code tls}: "none" (HTTP), "trusted" (HTTPS, its certificate in VYOS_CA_FILE) or "untrusted". */
    @Override
    public void init(Map<String, String> initArgs) {
        tls = initArgs.getOrDefault("tls", "none");
    }

    @Override
    public Map<String, String> start() {
        if (tls.equals("none")) {
            server = new WireMockServer(options().dynamicPort());
            server.start();
            stubSuccess(server);
            return Map.of("vyos.url", server.baseUrl(), "vyos.api-key", KEY);
        }
        Path dir = createTempDir();
        Path keystore = dir.resolve("router.p12");
        Path certificate = dir.resolve("router-ca.pem");
        keytool("-genkeypair", "-alias", "router", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "router", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        server = new WireMockServer(options().dynamicPort().dynamicHttpsPort().keystorePath(keystore.toString())
                .keystoreType("PKCS12").keystorePassword("changeit").keyManagerPassword("changeit"));
        server.start();
        stubSuccess(server);
        String url = "https://localhost:" + server.httpsPort();
        return tls.equals("trusted")
                ? Map.of("vyos.url", url, "vyos.api-key", KEY, "vyos.ca-file", certificate.toString())
                : Map.of("vyos.url", url, "vyos.api-key", KEY);
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("router-tls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDK's keytool makes the router's certificate: nothing is downloaded or committed. */
    private static void keytool(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void stubSuccess(WireMockServer server) {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/configure")).willReturn(vyos(200, "{\"success\": true, \"data\": null, \"error\": null}")));
        server.stubFor(post(urlEqualTo("/config-file")).willReturn(vyos(200,
                "{\"success\": true, \"data\": \"Saving configuration to '/config/config.boot'...\\nDone\\n\", \"error\": null}")));
        server.stubFor(post(urlEqualTo("/retrieve")).willReturn(vyos(200, "{\"success\": true, \"data\": true, \"error\": null}")));
    }

    /** A VyOS API answer: FastAPI's HTMLResponse carrying JSON. */
    public static ResponseDefinitionBuilder vyos(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/html; charset=utf-8").withBody(body);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
