package dev.vmnet.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vmnet.auth.TokenService;
import dev.vmnet.common.DatabaseUrlConfigSourceFactory;
import dev.vmnet.router.RouterConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests against the application: the port it listens on, the probe paths it
 * serves, and every environment variable they set is one the application reads.
 */
@QuarkusTest
class ManifestTest {

    private static final Path K8S = Path.of("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String APPLICATION_PROPERTIES = read(Path.of("src", "main", "resources", "application.properties"));

    @Test
    void everyManifestIsListedInTheKustomization() throws IOException {
        JsonNode kustomization = read("kustomization.yaml").get(0);
        Set<String> listed = new TreeSet<>();
        kustomization.get("resources").forEach(resource -> listed.add(resource.asText()));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> paths = Files.list(K8S)) {
            paths.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml") && !name.equals("secret.example.yaml"))
                    .forEach(files::add);
        }
        assertEquals(files, listed);
    }

    @Test
    void theOtherObjectsPointAtTheDeployment() throws Exception {
        String name = deployment().at("/metadata/name").asText();
        JsonNode hpa = read("hpa.yaml").get(0);
        assertEquals("Deployment", hpa.at("/spec/scaleTargetRef/kind").asText());
        assertEquals(name, hpa.at("/spec/scaleTargetRef/name").asText());
        assertTrue(hpa.at("/spec/minReplicas").asInt() >= 2, "one replica may be drained while another serves");
        JsonNode pdb = read("pdb.yaml").get(0);
        assertTrue(pdb.at("/spec/minAvailable").asInt() < hpa.at("/spec/minReplicas").asInt(), "a drain can proceed");
        assertEquals(name, read("service.yaml").get(0).at("/metadata/name").asText());
        // in-flight requests (quarkus.shutdown.timeout) and queued router changes (vyos.commit-timeout,
        // its production default: tests shorten it) fit the grace period
        long needed = ConfigProvider.getConfig().getValue("quarkus.shutdown.timeout", Duration.class).toSeconds()
                + new DurationConverter().convert(RouterConfig.class.getMethod("commitTimeout").getAnnotation(WithDefault.class).value())
                        .toSeconds();
        assertTrue(deployment().at("/spec/template/spec/terminationGracePeriodSeconds").asLong() > needed);
    }

    @Test
    void theContainerPortAndProbesAreTheApplications() throws IOException {
        JsonNode container = deployment().at("/spec/template/spec/containers/0");
        // the production port, as application.properties sets it (tests listen on another)
        Matcher setting = Pattern.compile("(?m)^quarkus\\.http\\.port=(\\d+)$").matcher(APPLICATION_PROPERTIES);
        assertTrue(setting.find());
        int port = Integer.parseInt(setting.group(1));
        assertEquals(port, container.at("/ports/0/containerPort").asInt());
        assertEquals(container.at("/ports/0/name").asText(), read("service.yaml").get(0).at("/spec/ports/0/targetPort").asText());
        assertTrue(Files.readString(Path.of("Dockerfile.jvm")).contains("EXPOSE " + port));
        assertTrue(Files.readString(Path.of("Dockerfile.native")).contains("EXPOSE " + port));
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            String path = container.at("/" + probe + "/httpGet/path").asText();
            assertEquals(container.at("/ports/0/name").asText(), container.at("/" + probe + "/httpGet/port").asText(), probe);
            given().get(path).then().statusCode(200);
        }
        assertEquals(port, read("networkpolicy.yaml").get(0).at("/spec/ingress/0/ports/0/port").asInt());
        JsonNode security = container.get("securityContext");
        assertFalse(security.get("allowPrivilegeEscalation").asBoolean());
        assertTrue(security.get("readOnlyRootFilesystem").asBoolean());
        assertTrue(deployment().at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean());
    }

    @Test
    void everyEnvironmentVariableSetIsOneTheApplicationReads() throws Exception {
        Set<String> set = new TreeSet<>();
        read("configmap.yaml").get(0).get("data").fieldNames().forEachRemaining(set::add);
        deployment().at("/spec/template/spec/containers/0/env").forEach(env -> set.add(env.get("name").asText()));
        read("secret.example.yaml").get(0).get("stringData").fieldNames().forEachRemaining(name -> {
            if (name.equals(name.toUpperCase(Locale.ROOT))) { // the rest are files, mounted
                set.add(name);
            }
        });

        Set<String> known = new HashSet<>();
        // read by name: DATABASE_URL, the JWT key files, and variables that application.properties refers to
        known.add(DatabaseUrlConfigSourceFactory.VARIABLE);
        known.add(env(TokenService.SIGN_KEY_LOCATION));
        known.add(env(TokenService.VERIFY_KEY_LOCATION));
        Matcher reference = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(APPLICATION_PROPERTIES);
        while (reference.find()) {
            known.add(reference.group(1));
        }
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        config.getPropertyNames().forEach(name -> known.add(env(name)));
        for (Class<?> mapping : configMappings()) {
            ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping)).keySet()
                    .forEach(name -> known.add(env(name)));
        }
        List<String> unknown = set.stream().filter(name -> !known.contains(name)).toList();
        assertEquals(List.of(), unknown, "set by the manifests but read by nothing");
    }

    /** SmallRye's environment variable name for a property. */
    private static String env(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static List<Class<?>> configMappings() throws IOException, ClassNotFoundException {
        List<Class<?>> mappings = new ArrayList<>();
        Path classes = Path.of("target", "classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                if (type.isAnnotationPresent(ConfigMapping.class)) {
                    mappings.add(type);
                }
            }
        }
        return mappings;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode deployment() throws IOException {
        return read("deployment.yaml").get(0);
    }

    private static List<JsonNode> read(String file) throws IOException {
        return YAML.readValues(YAML.getFactory().createParser(K8S.resolve(file).toFile()), JsonNode.class).readAll();
    }
}
