package dev.vmnet.router.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.network.Ipv4;
import dev.vmnet.network.Network;
import dev.vmnet.router.LocalRouter;
import dev.vmnet.router.RouterConfig;
import dev.vmnet.router.VyosDialect.Version;
import dev.vmnet.router.simulator.SimulatedRouter.Answer;
import dev.vmnet.router.simulator.SimulatedRouter.Command;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * An HTTP(S) server that speaks the VyOS API wire protocol (docs/vyos-router.md §1): form or JSON
 * requests, the {success, data, error} envelope sent as text/html, nginx HTML error pages, and
 * the API's global lock (one /configure at a time, in arrival order). Started by
 * {@link dev.vmnet.router.RouterEndpoint} when no router is configured; tests use the methods
 * below to inspect its config and to play faults.
 */
@ApplicationScoped
public class VyosSimulator implements LocalRouter {

    private static final Logger LOG = Logger.getLogger(VyosSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_LIMIT = 1024 * 1024;
    private static final int LOG_LIMIT = 10_000;
    private static final String BOOT_CONFIG = "/config/config.boot";

    private final Vertx vertx;
    private final SimulatorConfig config;
    private final RouterConfig routerConfig;
    private final Network network;

    private final Queue<List<Fault>> faults = new ConcurrentLinkedQueue<>();
    /** The latest /configure calls (bounded: a dev simulator runs for days). */
    private final Deque<List<Command>> configureLog = new ArrayDeque<>();
    private final AtomicInteger configureCalls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger saves = new AtomicInteger();
    private volatile boolean down;
    private volatile Duration commitLatency;
    /** The commit-confirm revert timer (1.5), or -1 when none is armed. */
    private long confirmTimer = -1;

    private Version version;
    private String apiKey;
    /** Where /config-file save keeps the boot config across restarts; null: in memory only. */
    private BootConfigFile bootFile;
    private SimulatedRouter router;
    private ExecutorService commits;
    private HttpServer server;
    private URI baseUri;

    /** True for the standby: another port, its boot config in memory only. */
    private final boolean secondary;
    private VyosSimulator standby;

    @Inject
    public VyosSimulator(Vertx vertx, SimulatorConfig config, RouterConfig routerConfig, Network network) {
        this(vertx, config, routerConfig, network, false);
    }

    private VyosSimulator(Vertx vertx, SimulatorConfig config, RouterConfig routerConfig, Network network, boolean secondary) {
        this.vertx = vertx;
        this.config = config;
        this.routerConfig = routerConfig;
        this.network = network;
        this.secondary = secondary;
    }

    /** The second simulator (SIMULATOR_SECONDARY), for a standby router; tests reach it here. */
    @Override
    public synchronized Optional<LocalRouter> standby() {
        if (secondary || !config.secondary()) {
            return Optional.empty();
        }
        if (standby == null) {
            standby = new VyosSimulator(vertx, config, routerConfig, network, true);
        }
        return Optional.of(standby);
    }

    /** {@link #standby()} as the simulator it is. */
    public VyosSimulator standbySimulator() {
        return (VyosSimulator) standby().orElseThrow(() -> new IllegalStateException("no standby simulator: set simulator.secondary"));
    }

    /**
     * Starts the simulator with its boot config (the file /config-file save wrote, else the seed
     * config); a second call does nothing. Blocks: called at start-up, never on the event loop.
     */
    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        version = Version.parse(config.version().orElse(routerConfig.version()));
        apiKey = config.apiKey().or(routerConfig::apiKey).filter(k -> !k.isBlank())
                .orElseGet(() -> HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
        commitLatency = config.commitLatency();
        bootFile = secondary ? null : config.configFile().filter(file -> !file.isBlank())
                .map(file -> new BootConfigFile(Path.of(file), version)).orElse(null);
        router = new SimulatedRouter(version, config.strict());
        boot(router);
        commits = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "vyos-simulator-commit");
            thread.setDaemon(true);
            return thread;
        });
        listen(secondary ? config.secondaryPort() : config.port());
    }

    /** Stops answering: connections are refused, as with a router that is down. */
    public synchronized void stop() {
        if (server != null) {
            await(server.close());
            server = null;
        }
    }

    /** Answers again, on the same port, with the config it had. */
    public synchronized void restart() {
        if (server == null) {
            listen(baseUri.getPort());
        }
    }

    @PreDestroy
    synchronized void shutdown() {
        if (standby != null) {
            standby.shutdown();
        }
        stop();
        if (commits != null) {
            commits.shutdownNow();
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    public String apiKey() {
        return apiKey;
    }

    public Version version() {
        return version;
    }

    // ---- for tests and development ------------------------------------------------------------

    /** Plays these faults together on the next /configure call; each call queues up behind the last. */
    public void inject(Fault... oneCall) {
        faults.add(List.of(oneCall));
    }

    /** While down, every request gets nginx's 502 page, as when the API process has died. */
    public void setDown(boolean down) {
        this.down = down;
    }

    public void setCommitLatency(Duration latency) {
        this.commitLatency = latency;
    }

    /** The running config under {@code path} as showConfig renders it, or null when empty. */
    public JsonNode config(List<String> path) {
        var node = router.running().at(path);
        return node == null || node.isEmpty() ? null : node.toJson();
    }

    /** The boot config (what /config-file save wrote) under {@code path}, or null. */
    public JsonNode savedConfig(List<String> path) {
        var node = router.saved().at(path);
        return node == null || node.isEmpty() ? null : node.toJson();
    }

    /** Changes the running config directly, without checks: a hand edit on the router. */
    public void edit(List<Command> commands) {
        router.force(commands);
    }

    /**
     * Back to the seed config (running and boot; the boot config file is left alone until the next
     * save), with no faults and fresh counters; nothing when it was never started.
     */
    public synchronized void reset() {
        if (router == null) {
            return;
        }
        faults.clear();
        confirm();
        synchronized (configureLog) {
            configureLog.clear();
        }
        configureCalls.set(0);
        maxInFlight.set(0);
        saves.set(0);
        down = false;
        commitLatency = config.commitLatency();
        router = new SimulatedRouter(version, config.strict());
        router.boot(seed());
    }

    /** Every /configure received (the latest 10 000), in order, with its commands. */
    public List<List<Command>> configureLog() {
        if (router == null) {
            return List.of();
        }
        synchronized (configureLog) {
            return List.copyOf(configureLog);
        }
    }

    /** The most /configure requests that were open at the same moment. */
    public int maxConcurrentConfigure() {
        return maxInFlight.get();
    }

    public int saves() {
        return saves.get();
    }

    /**
     * As a router boots from its boot config: the file's config when there is one, else the seed. A
     * file that cannot be used costs one warning line and the seed config, never the start.
     */
    private void boot(SimulatedRouter fresh) {
        if (bootFile == null) {
            fresh.boot(seed());
            return;
        }
        try {
            var saved = bootFile.read();
            if (saved.isPresent()) {
                fresh.boot(saved.get());
                LOG.infof("VyOS simulator booted from %s", bootFile.path());
                return;
            }
            LOG.infof("No VyOS simulator boot config at %s yet: the seed config until the first save", bootFile.path());
        } catch (IOException | RuntimeException e) {
            // force() refuses a path or value the schema does not take, with the CLI's multi-line text
            LOG.warnf("VyOS simulator boot config %s is unusable (%s): starting from the seed config; the next save replaces it",
                    bootFile.path(), String.valueOf(e.getMessage()).strip().replace('\n', ' '));
        }
        fresh.boot(seed());
    }

    // ---- the API --------------------------------------------------------------------------------

    private void listen(int port) {
        Router routes = Router.router(vertx);
        routes.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        routes.post("/configure").handler(ctx -> handle(ctx, "configure"));
        routes.post("/retrieve").handler(ctx -> handle(ctx, "retrieve"));
        routes.post("/config-file").handler(ctx -> handle(ctx, "config-file"));
        routes.post("/show").handler(ctx -> handle(ctx, "show"));
        routes.post("/simulator/control").handler(this::control);
        // the router's nginx takes bodies up to 1 MB; Vert.x would refuse a form field over a few KB
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(port)
                .setMaxFormAttributeSize(BODY_LIMIT);
        boolean tls = config.tlsCertFile().isPresent() && config.tlsKeyFile().isPresent();
        if (tls) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.tlsCertFile().get()).setKeyPath(config.tlsKeyFile().get()));
        }
        // listen() binds the options' host; listen(port) would bind 0.0.0.0 whatever they say
        server = await(vertx.createHttpServer(options).requestHandler(routes).listen());
        baseUri = URI.create((tls ? "https" : "http") + "://" + config.host() + ":" + server.actualPort() + "/");
        LOG.infof("VyOS %s %ssimulator listening at %s", version, secondary ? "standby " : "", baseUri);
    }

    private void handle(RoutingContext ctx, String endpoint) {
        if (down) {
            respond(ctx, Answer.html(502));
            return;
        }
        Request request;
        try {
            request = read(ctx);
        } catch (Refusal refusal) {
            respond(ctx, refusal.answer);
            return;
        }
        try {
            switch (endpoint) {
                case "configure" -> configure(ctx, request);
                case "retrieve" -> respond(ctx, router.retrieve(text(request.data, "op"), path(request.data, true)));
                case "show" -> respond(ctx, router.show(text(request.data, "op"), path(request.data, true)));
                default -> configFile(ctx, request);
            }
        } catch (Refusal refusal) {
            respond(ctx, refusal.answer);
        }
    }

    /**
     * /config-file save and load of the boot config, on the commit thread: after the commit in
     * progress, and with the file IO off the event loop. vyos-1x answers a load without "file" as
     * below; other files are not modelled.
     */
    private void configFile(RoutingContext ctx, Request request) {
        String op = text(request.data, "op");
        JsonNode file = request.data.path("file").isNull() ? null : request.data.get("file"); // pydantic: null is absent
        if (op.equals("load") && file == null) {
            throw new Refusal(400, "Missing required field \"file\"");
        }
        if (!op.equals("save") && !op.equals("load")) {
            throw new Refusal(400, "'" + op + "' is not supported by the simulator");
        }
        if (file != null && !(file.isTextual() && file.asText().equals(BOOT_CONFIG))) {
            throw new Refusal(400, "The simulator keeps one config file, " + BOOT_CONFIG);
        }
        Context context = vertx.getOrCreateContext();
        commits.execute(() -> {
            Answer answer;
            if (op.equals("save")) {
                answer = router.save(bootFile == null ? config -> { } : bootFile::write);
                if (answer.status() == 200) {
                    saves.incrementAndGet();
                }
            } else {
                answer = router.load(commitLatency);
            }
            context.runOnContext(v -> respond(ctx, answer));
        });
    }

    /**
     * Not part of the VyOS API: lets a test or benchmark in another process read the counters and
     * change the commit latency. Same key and envelope as the API; {"commit_latency_ms": n} sets it.
     */
    private void control(RoutingContext ctx) {
        try {
            JsonNode latency = read(ctx).data.get("commit_latency_ms");
            if (latency != null) {
                if (!latency.canConvertToLong() || latency.asLong() < 0) {
                    throw new Refusal(400, "commit_latency_ms must be a whole number of milliseconds, 0 or more");
                }
                commitLatency = Duration.ofMillis(latency.asLong());
            }
            respond(ctx, Answer.ok(JSON.createObjectNode()
                    .put("configure_calls", configureCalls.get())
                    .put("max_concurrent_configures", maxInFlight.get())
                    .put("saves", saves.get())
                    .put("commit_latency_ms", commitLatency.toMillis())));
        } catch (Refusal refusal) {
            respond(ctx, refusal.answer);
        }
    }

    private void configure(RoutingContext ctx, Request request) {
        if (version == Version.V1_5 && "confirm".equals(request.envelope().path("op").asText())) {
            respond(ctx, confirm() ? Answer.ok(JSON.getNodeFactory().textNode("Reload timer stopped\n"))
                    : Answer.error(400, "No commit-confirm is pending")); // the simulator's own text
            return;
        }
        List<Command> commands = commands(request.data());
        JsonNode confirmTime = request.envelope().path("confirm_time");
        int confirmMinutes = version == Version.V1_5 && confirmTime.canConvertToInt() ? confirmTime.asInt() : 0;
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        configureCalls.incrementAndGet();
        synchronized (configureLog) {
            if (configureLog.size() == LOG_LIMIT) {
                configureLog.removeFirst();
            }
            configureLog.addLast(commands);
        }
        List<Fault> fault = Objects.requireNonNullElse(faults.poll(), List.of());
        Duration latency = commitLatency.plus(config.opLatency().multipliedBy(commands.size()));
        Context context = vertx.getOrCreateContext();
        commits.execute(() -> {
            Answer committed = router.configure(commands, fault, latency);
            Answer answer = committed.status() == 200 && confirmMinutes > 0
                    ? Answer.ok(JSON.getNodeFactory().textNode(arm(confirmMinutes))) : committed;
            inFlight.decrementAndGet();
            context.runOnContext(v -> respond(ctx, answer));
        });
    }

    /** commit-confirm: unless confirmed within {@code minutes}, the running config goes back to the saved one. */
    private synchronized String arm(int minutes) {
        if (confirmTimer >= 0) {
            vertx.cancelTimer(confirmTimer);
        }
        confirmTimer = vertx.setTimer(Duration.ofMinutes(minutes).toMillis(), id -> expireCommitConfirm());
        return "Initialized commit-confirm; " + minutes + " minutes to confirm before reload\n";
    }

    private synchronized boolean confirm() {
        if (confirmTimer < 0) {
            return false;
        }
        vertx.cancelTimer(confirmTimer);
        confirmTimer = -1;
        return true;
    }

    /** Plays the end of the commit-confirm timer now (tests): reverts to the saved config if a confirm is pending. */
    public boolean expireCommitConfirm() {
        if (!confirm()) {
            return false;
        }
        LOG.info("Simulated commit-confirm expired: reverting to the saved config");
        commits.execute(router::revertToSaved);
        return true;
    }

    /** {@code data} is the command(s) or request; {@code envelope} the whole object, with confirm_time or op confirm. */
    private record Request(String key, JsonNode data, JsonNode envelope) {}

    /** An answer the API gives before it runs anything. */
    private static final class Refusal extends RuntimeException {
        final transient Answer answer;

        Refusal(int status, String error) {
            super(error, null, false, false);
            this.answer = Answer.error(status, error);
        }
    }

    /** Form fields data and key, or a JSON body {"key": ..., "op"/"commands": ...}. */
    private Request read(RoutingContext ctx) {
        String contentType = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/json")) {
            JsonNode body = parse(ctx.body().asString());
            if (!body.isObject() || !body.path("key").isTextual()) {
                throw new Refusal(400, "1 validation error for Model\nkey\n  field required (type=value_error.missing)");
            }
            checkKey(body.get("key").asText());
            return new Request(body.get("key").asText(), body.has("commands") ? body.get("commands") : body, body);
        }
        String key = ctx.request().getFormAttribute("key");
        String data = ctx.request().getFormAttribute("data");
        if (key == null) {
            // 1.3 answers a missing key with 422, later versions with 401
            throw new Refusal(version == Version.V1_3 ? 422 : 401, "Valid API key is required");
        }
        if (data == null || data.isBlank()) {
            throw new Refusal(422, "Non-empty data field is required");
        }
        JsonNode parsed = parse(data);
        // a key inside the data JSON overrides the form field
        String effectiveKey = parsed.isObject() && parsed.path("key").isTextual() ? parsed.get("key").asText() : key;
        checkKey(effectiveKey);
        return new Request(effectiveKey, parsed.isObject() && parsed.has("commands") ? parsed.get("commands") : parsed, parsed);
    }

    private void checkKey(String key) {
        if (!apiKey.equals(key)) {
            throw new Refusal(401, "Valid API key is required");
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Refusal(400, "Failed to parse JSON: " + e.getOriginalMessage());
        }
    }

    private static List<Command> commands(JsonNode data) {
        List<JsonNode> items = new ArrayList<>();
        if (data.isArray()) {
            data.forEach(items::add);
        } else {
            items.add(data);
        }
        List<Command> commands = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isObject() || !item.has("op")) {
                throw new Refusal(400, "Malformed command '" + item + "': missing 'op' field");
            }
            String op = text(item, "op");
            if (!List.of("set", "delete", "comment").contains(op)) {
                throw new Refusal(400, "'" + op + "' is not a valid operation");
            }
            List<String> path = path(item, false);
            JsonNode value = item.get("value");
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw new Refusal(400, "Malformed command '" + item + "': value must be a string");
            }
            commands.add(new Command(op, path, value == null || value.isNull() ? null : value.asText()));
        }
        return commands;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new Refusal(400, "Malformed command '" + node + "': missing '" + field + "' field");
        }
        return value.asText();
    }

    /** Types are strict, as pydantic's StrictStr: the path is a list of strings. */
    private static List<String> path(JsonNode node, boolean mayBeEmpty) {
        JsonNode path = node.get("path");
        if (path == null && mayBeEmpty) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        if (path == null || !path.isArray()) {
            throw new Refusal(400, "Malformed command '" + node + "': 'path' must be a list of strings");
        }
        for (JsonNode word : path) {
            if (!word.isTextual()) {
                throw new Refusal(400, "Malformed command '" + node + "': 'path' must be a list of strings");
            }
            words.add(word.asText());
        }
        if (words.isEmpty() && !mayBeEmpty) {
            throw new Refusal(400, "Malformed command '" + node + "': empty path");
        }
        return words;
    }

    private static void respond(RoutingContext ctx, Answer answer) {
        if (!ctx.response().closed() && !ctx.response().ended()) {
            ctx.response().setStatusCode(answer.status())
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(answer.body());
        }
    }

    /** The router before this service touches it: a WAN and a LAN interface, and a DHCP subnet with a range. */
    private List<Command> seed() {
        Ipv4.Subnet subnet = network.subnet();
        String gateway = Ipv4.format(network.gateway());
        String wan = network.wanInterface().matches("eth\\d+") ? network.wanInterface() : "eth0";
        String lan = wan.equals("eth1") ? "eth2" : "eth1";
        List<String> base = List.of("service", "dhcp-server", "shared-network-name", network.sharedNetwork(),
                "subnet", subnet.toString());
        List<Command> seed = new ArrayList<>(List.of(
                set(List.of("system", "host-name"), "vyos"),
                set(List.of("interfaces", "ethernet", wan, "address"), config.wanAddress()),
                set(List.of("interfaces", "ethernet", wan, "description"), "WAN"),
                set(List.of("interfaces", "ethernet", lan, "address"), gateway + "/" + subnet.prefix()),
                set(List.of("interfaces", "ethernet", lan, "description"), "LAN")));
        if (version == Version.V1_5) {
            seed.add(set(append(base, "subnet-id"), "1"));
            seed.add(set(append(base, "option", "default-router"), gateway));
        } else {
            seed.add(set(append(base, "default-router"), gateway));
        }
        long last = subnet.lastHost();
        seed.add(set(append(base, "range", "0", "start"), Ipv4.format(Math.max(subnet.firstHost() + 1, last - 9))));
        seed.add(set(append(base, "range", "0", "stop"), Ipv4.format(last)));
        return seed;
    }

    private static Command set(List<String> path, String value) {
        return new Command("set", path, value);
    }

    private static List<String> append(List<String> path, String... more) {
        List<String> result = new ArrayList<>(path);
        result.addAll(List.of(more));
        return result;
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("VyOS simulator: " + e.getMessage(), e);
        }
    }
}
