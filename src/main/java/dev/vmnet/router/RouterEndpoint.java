package dev.vmnet.router;

import dev.vmnet.network.Network;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
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

    @Inject
    public RouterEndpoint(RouterConfig config, LocalRouter simulator) {
        Optional<String> url = config.url().filter(u -> !u.isBlank())
                .or(() -> config.ip().filter(ip -> !ip.isBlank())
                        .map(ip -> "https://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + config.apiPort()));
        verifyTls = config.tlsVerify();
        trustStore = config.caFile().filter(f -> !f.isBlank()).map(file -> loadPem(file, "VYOS_CA_FILE (vyos.ca-file)"));
        if (url.isPresent()) {
            baseUri = parseUrl(url.get(), "VYOS_URL (vyos.url)");
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

    private RouterEndpoint(URI baseUri, String apiKey, boolean verifyTls, Optional<KeyStore> trustStore, boolean simulated) {
        this.baseUri = baseUri;
        this.apiKey = apiKey;
        this.verifyTls = verifyTls;
        this.trustStore = trustStore;
        this.simulated = simulated;
    }

    /**
     * The standby router (HA/DR): VYOS_SECONDARY_URL (or _IP and _API_PORT) with its key and CA,
     * or the standby simulator (SIMULATOR_SECONDARY) in dev and test; empty without either.
     */
    static Optional<RouterEndpoint> secondary(RouterConfig config, LocalRouter simulator) {
        RouterConfig.Secondary secondary = config.secondary();
        Optional<String> url = secondary.url().filter(u -> !u.isBlank())
                .or(() -> secondary.ip().filter(ip -> !ip.isBlank())
                        .map(ip -> "https://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + secondary.apiPort()));
        if (url.isPresent()) {
            URI uri = parseUrl(url.get(), "VYOS_SECONDARY_URL (vyos.secondary.url)");
            String key = secondary.apiKey().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                    "Missing setting VYOS_SECONDARY_API_KEY (vyos.secondary.api-key): the standby router's API key is required"
                            + " when VYOS_SECONDARY_URL or VYOS_SECONDARY_IP is set"));
            LOG.infof("Standby VyOS %s router API at %s", config.version(), uri);
            return Optional.of(new RouterEndpoint(uri, key, config.tlsVerify(),
                    secondary.caFile().filter(f -> !f.isBlank()).map(file -> loadPem(file, "VYOS_SECONDARY_CA_FILE (vyos.secondary.ca-file)")),
                    false));
        }
        if (!simulator.enabled()) {
            return Optional.empty();
        }
        return simulator.standby().map(standby -> {
            standby.start();
            LOG.warnf("No standby router configured (VYOS_SECONDARY_URL): using a second built-in simulator at %s", standby.baseUri());
            return new RouterEndpoint(standby.baseUri(), standby.apiKey(), config.tlsVerify(), Optional.empty(), true);
        });
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

    private static URI parseUrl(String url, String setting) {
        try {
            URI uri = URI.create(url.endsWith("/") ? url : url + "/");
            if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid setting " + setting + ": '" + url + "' is not an http(s) URL");
        }
    }

    private static KeyStore loadPem(String file, String setting) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("vyos-ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalStateException("Invalid setting " + setting + ": no certificate in " + file);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Invalid setting " + setting + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
