package dev.vmnet.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * The typed VyOS API: {@link #configure}, {@link #showConfig}, {@link #exists}, {@link #save}.
 * It owns the wire format, the timeouts, the classification of failures into
 * {@link RouterException} kinds and the retry of "temporarily locked" and 502 answers. It does not
 * serialise calls: {@link RouterWriter} does.
 */
@ApplicationScoped
public class VyosClient {

    private static final Logger LOG = Logger.getLogger(VyosClient.class);
    private static final String LOCKED = "temporarily locked";
    private static final String EMPTY_PATH = "Configuration under specified path is empty";
    private static final ObjectMapper PARSER = new ObjectMapper();

    /**
     * One router as a client reaches it. The active router's client (this bean) and the standby's
     * ({@link StandbyRouter}) exchange theirs on a failover ({@link RouterRoles}).
     */
    record Target(String router, URI baseUri, VyosApi api, String key, RouterReachability reachability) {}

    private volatile Target target;
    private final int confirmMinutes;
    private final RouterConfig config;
    private final ObjectMapper json;
    /** Null for the standby router's client: only the active router's commits are logged. */
    private final CommitLog log;

    @Inject
    public VyosClient(RouterEndpoint endpoint, RouterConfig config, ObjectMapper json, RouterReachability reachability,
            Instance<CommitLog> log) {
        this(target("primary", endpoint, config, reachability), config, json, log.isResolvable() ? log.get() : null);
    }

    VyosClient(Target target, RouterConfig config, ObjectMapper json, CommitLog log) {
        this.target = target;
        this.log = log;
        this.config = config;
        this.json = json;
        boolean supported = VyosDialect.Version.parse(config.version()) == VyosDialect.Version.V1_5;
        if (config.commitConfirmMinutes() > 0 && !supported) {
            LOG.warnf("vyos.commit-confirm-minutes is ignored: VyOS %s has no commit-confirm in its API (1.5 only)", config.version());
        }
        this.confirmMinutes = supported ? config.commitConfirmMinutes() : 0;
    }

    /** A REST client for {@code endpoint}, the router named {@code router} in router_status. */
    static Target target(String router, RouterEndpoint endpoint, RouterConfig config, RouterReachability reachability) {
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(endpoint.baseUri())
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // the Mutiny timeouts below decide; this only bounds a connection left hanging
                .readTimeout(Math.max(config.commitTimeout().toMillis(), config.readTimeout().toMillis()) * 3,
                        TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true);
        if (!endpoint.verifyTls()) {
            builder.trustAll(true).verifyHost(false);
        }
        endpoint.trustStore().ifPresent(builder::trustStore);
        return new Target(router, endpoint.baseUri(), builder.build(VyosApi.class), endpoint.apiKey(), reachability);
    }

    /** Exchanges the routers two clients reach (a failover): the active client then reaches the former standby. */
    static synchronized void swap(VyosClient a, VyosClient b) {
        // through methods: the active client is a CDI proxy, whose own fields are never set
        Target t = a.target();
        a.reach(b.target());
        b.reach(t);
    }

    Target target() {
        return target;
    }

    void reach(Target target) {
        this.target = target;
    }

    /** The router this client reaches now: primary or secondary. */
    public String router() {
        return target.router();
    }

    public URI baseUri() {
        return target.baseUri();
    }

    /** A call to one endpoint of the API, with the key in its form. */
    private interface Endpoint {
        Uni<Response> send(VyosApi api, String data, String key);
    }

    /**
     * Sets and deletes in one commit. Answers the commit's console output, if any. With
     * commit-confirm, the commit arms the router's revert timer and is confirmed at once; a
     * confirmation that fails is STATE_UNKNOWN, since the router will revert to its saved config.
     */
    public Uni<String> configure(List<RouterOp> ops) {
        return commit(ops).onFailure(RouterException.class).transform(e -> redacted((RouterException) e, ops))
                .call(() -> log == null ? Uni.createFrom().voidItem() : log.committed(ops));
    }

    /**
     * The router's texts quote the values it refuses ("Value validation failed" names them): a
     * secret among the ops never goes further, into a log line or an answer.
     */
    private static RouterException redacted(RouterException failure, List<RouterOp> ops) {
        String text = failure.getMessage();
        for (RouterOp op : ops) {
            if (op.secret() && text != null && text.contains(op.value())) {
                text = text.replace(op.value(), "(secret)");
            }
        }
        return text == null || text.equals(failure.getMessage()) ? failure
                : new RouterException(failure.kind(), failure.httpStatus(), text);
    }

    private Uni<String> commit(List<RouterOp> ops) {
        Target to = target;
        if (confirmMinutes == 0) {
            return call(to, "configure", VyosApi::configure, write(ops), config.commitTimeout())
                    .map(data -> data.isNull() ? null : data.asText());
        }
        ObjectNode commit = json.createObjectNode().put("key", to.key());
        commit.set("commands", json.valueToTree(ops));
        commit.put("confirm_time", confirmMinutes);
        ObjectNode confirm = json.createObjectNode().put("key", to.key()).put("op", "confirm");
        Endpoint asJson = (api, body, keyInBody) -> api.configureJson(body);
        return call(to, "configure", asJson, write(commit), config.commitTimeout())
                .chain(armed -> call(to, "configure", asJson, write(confirm), config.commitTimeout())
                        .onFailure(RouterException.class).transform(e -> new RouterException(RouterException.Kind.STATE_UNKNOWN,
                                ((RouterException) e).httpStatus(), "The router committed the change but did not take its "
                                + "confirmation (" + e.getMessage() + "); it reverts to its saved config within "
                                + confirmMinutes + " min unless confirmed"))
                        .replaceWith(armed))
                .map(data -> data.isNull() ? null : data.asText());
    }

    /** Whether commits are made with commit-confirm: then each is saved as soon as it is confirmed. */
    public boolean confirming() {
        return confirmMinutes > 0;
    }

    /** The config under {@code path}, or empty when the router has nothing there. */
    public Uni<Optional<JsonNode>> showConfig(List<String> path) {
        ObjectNode request = json.createObjectNode().put("op", "showConfig").put("configFormat", "json");
        request.set("path", json.valueToTree(path));
        return call(target, "retrieve", VyosApi::retrieve, write(request), config.readTimeout())
                .map(Optional::of)
                .onFailure(VyosClient::isEmptyPath).recoverWithItem(Optional.empty());
    }

    /** The running config as {@code set} lines: {@code /show ["configuration", "commands"]}, which answers text. */
    public Uni<String> configCommands() {
        ObjectNode request = json.createObjectNode().put("op", "show");
        request.set("path", json.valueToTree(List.of("configuration", "commands")));
        return call(target, "show", VyosApi::show, write(request), config.readTimeout()).map(JsonNode::asText);
    }

    public Uni<Boolean> exists(List<String> path) {
        ObjectNode request = json.createObjectNode().put("op", "exists");
        request.set("path", json.valueToTree(path));
        return call(target, "retrieve", VyosApi::retrieve, write(request), config.readTimeout()).map(JsonNode::asBoolean);
    }

    /** Copies the running config to the boot config, so that it survives a reboot. */
    public Uni<Void> save() {
        return call(target, "config-file", VyosApi::configFile, write(json.createObjectNode().put("op", "save")),
                config.readTimeout())
                .replaceWithVoid();
    }

    private Uni<JsonNode> call(Target to, String name, Endpoint endpoint, String data, Duration timeout) {
        return Uni.createFrom().deferred(() -> endpoint.send(to.api(), data, to.key()))
                .ifNoItem().after(timeout).failWith(() -> RouterException.unavailable(RouterException.Kind.TIMEOUT,
                        "no answer to /" + name + " within " + timeout.toMillis() + " ms"))
                .onFailure(e -> !(e instanceof RouterException)).transform(VyosClient::transportFailure)
                .map(VyosClient::interpret)
                .onFailure(e -> e instanceof RouterException r && r.retryable())
                .invoke(e -> LOG.infof("Router busy on /%s, retrying: %s", name, e.getMessage()))
                .onFailure(e -> e instanceof RouterException r && r.retryable()).retry()
                .withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(16)).withJitter(0.3)
                .atMost(config.retries())
                .onFailure(e -> !isEmptyPath(e)).invoke(e -> LOG.warnf("Router call /%s failed: %s", name, e.getMessage()))
                .onItem().invoke(to.reachability()::answered)
                .onFailure().invoke(to.reachability()::failed);
    }

    /** showConfig's 400 for a path that holds nothing: an answer, not a failure. */
    private static boolean isEmptyPath(Throwable failure) {
        return failure instanceof RouterException r && r.kind() == RouterException.Kind.REJECTED
                && r.detail().contains(EMPTY_PATH);
    }

    static JsonNode interpret(Response response) {
        int status = response.getStatus();
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        JsonNode answer = parse(body);
        if (status == 200) {
            if (answer != null && answer.path("success").asBoolean(false)) {
                return answer.path("data");
            }
            // VyOS 1.3's nginx turns an unavailable API into HTTP 200 without "success"
            throw new RouterException(RouterException.Kind.GATEWAY, status,
                    "VyOS router unavailable: the API answered without success: " + snippet(body));
        }
        String error = answer != null && answer.hasNonNull("error") ? unescape(answer.get("error").asText()).strip() : null;
        String text = error != null ? error : snippet(body);
        throw switch (status) {
            case 400 -> text.contains(LOCKED)
                    ? new RouterException(RouterException.Kind.LOCKED, status,
                            "VyOS router unavailable: configuration system temporarily locked by another commit")
                    : RouterException.answered(RouterException.Kind.REJECTED, status, text);
            case 401, 403 -> RouterException.answered(RouterException.Kind.UNAUTHORIZED, status, text);
            case 404, 413, 422 -> RouterException.answered(RouterException.Kind.REFUSED, status, text);
            case 502, 503, 504 -> new RouterException(RouterException.Kind.GATEWAY, status,
                    "VyOS router unavailable: its web server answered HTTP " + status);
            default -> RouterException.answered(RouterException.Kind.FAILED, status, text);
        };
    }

    private static RouterException transportFailure(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof ConnectException || e instanceof UnknownHostException) {
                return RouterException.unavailable(RouterException.Kind.UNREACHABLE, "cannot connect: " + e.getMessage());
            }
            if (e instanceof SSLException) {
                return RouterException.unavailable(RouterException.Kind.UNREACHABLE,
                        "TLS handshake failed (check VYOS_CA_FILE): " + e.getMessage());
            }
        }
        // the request may have reached the router before the connection broke
        return RouterException.unavailable(RouterException.Kind.GATEWAY, "connection lost: " + failure.getMessage());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : PARSER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Rolling releases HTML-escape error texts (T6736). */
    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&");
    }

    private static String snippet(String body) {
        String text = body == null ? "" : body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text.isEmpty() ? "(empty body)" : text;
    }
}
