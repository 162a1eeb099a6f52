package dev.vmnet.router;

import dev.vmnet.network.Network;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Which router the service talks to, decided at start-up: the configured router, or the built-in
 * simulator when none is configured and the simulator is allowed (dev and test). In production a
 * missing setting stops start-up with a message that names it.
 */
@Startup
@ApplicationScoped
public class RouterEndpoint {

    private static final Logger LOG = Logger.getLogger(RouterEndpoint.class);

    private final URI baseUri;
    private final String apiKey;
    private final boolean verifyTls;
    private final Optional<KeyStore> trustStore;
    private final boolean simulated;

    public RouterEndpoint(RouterConfig config, LocalRouter simulator) {
        Optional<String> url = config.url().filter(u -> !u.isBlank())
                .or(() -> config.ip().filter(ip -> !ip.isBlank())
                        .map(ip -> "https://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + config.apiPort()));
        verifyTls = config.tlsVerify();
        trustStore = config.caFile().filter(f -> !f.isBlank()).map(RouterEndpoint::loadPem);
        if (url.isPresent()) {
            baseUri = parseUrl(url.get());
            apiKey = config.apiKey().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                    "Missing setting VYOS_API_KEY (vyos.api-key): the router's API key is required when VYOS_URL or VYOS_IP is set"));
            simulated = false;
            LOG.infof("VyOS %s router API at %s, key id %s", config.version(), baseUri, config.apiKeyId());
        } else if (simulator.enabled()) {
            simulator.start();
            baseUri = simulator.baseUri();
            apiKey = simulator.apiKey();
            simulated = true;
            LOG.warnf("No router configured (VYOS_URL or VYOS_IP): using the built-in VyOS %s simulator at %s",
                    simulator.version(), baseUri);
        } else {
            throw new IllegalStateException("No VyOS router configured: set VYOS_URL (or VYOS_IP and VYOS_API_PORT)"
                    + " and VYOS_API_KEY. The built-in simulator is only for development (SIMULATOR_ENABLED=true).");
        }
    }

    /** The config paths of the router's version, for the managed shared network and subnet. */
    @Produces
    @ApplicationScoped
    static VyosDialect dialect(RouterConfig config, Network network) {
        return new VyosDialect(VyosDialect.Version.parse(config.version()), network.sharedNetwork(),
                network.subnet().toString());
    }

    public URI baseUri() {
        return baseUri;
    }

    String apiKey() {
        return apiKey;
    }

    boolean verifyTls() {
        return verifyTls;
    }

    Optional<KeyStore> trustStore() {
        return trustStore;
    }

    public boolean simulated() {
        return simulated;
    }

    private static URI parseUrl(String url) {
        try {
            URI uri = URI.create(url.endsWith("/") ? url : url + "/");
            if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid setting VYOS_URL (vyos.url): '" + url + "' is not an http(s) URL");
        }
    }

    private static KeyStore loadPem(String file) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("vyos-ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalStateException("Invalid setting VYOS_CA_FILE (vyos.ca-file): no certificate in " + file);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Invalid setting VYOS_CA_FILE (vyos.ca-file): cannot read " + file + ": " + e.getMessage());
        }
    }
}
