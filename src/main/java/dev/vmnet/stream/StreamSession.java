package dev.vmnet.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.auth.CredentialCheck;
import dev.vmnet.common.ApiException;
import dev.vmnet.events.EventPatterns;
import dev.vmnet.events.EventRepository;
import dev.vmnet.identity.Caller;
import dev.vmnet.virtualbox.ConsoleRelay;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One client of the event stream. It must authenticate first ({"type": "auth", "api_key"} or
 * {"token"}), within auth-timeout and before anything else, or it is closed; then it subscribes
 * ({"type": "subscribe", "events": [patterns]}) and gets {"type": "event", "event": {...}} for each
 * matching event its caller may see, in order. Every request gets an answer: ok, or an error with
 * a code. {"type": "console_connect", "vm_id"} relays a VM's serial console: the guest's output
 * arrives as {"type": "console_output", "vm_id", "data"}, and {"type": "console_input", "data"} is
 * typed into it, until {"type": "console_disconnect"} or {"type": "console_closed"}.
 */
final class StreamSession {

    private static final Logger LOG = Logger.getLogger(StreamSession.class);
    /** WebSocket close code for a policy violation: no or bad credentials. */
    private static final short POLICY = 1008;
    private static final short TRY_AGAIN_LATER = 1013;

    private final ServerWebSocket socket;
    private final EventStream stream;
    private final CredentialCheck credentials;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final long authTimer;
    private volatile Caller caller;
    private volatile boolean authenticating;
    private volatile List<String> patterns = List.of();
    private final ConsoleRelay consoles;
    private volatile ConsoleRelay.Console console;

    StreamSession(ServerWebSocket socket, EventStream stream, CredentialCheck credentials, ObjectMapper json, Vertx vertx,
            Duration authTimeout, ConsoleRelay consoles) {
        this.socket = socket;
        this.consoles = consoles;
        this.stream = stream;
        this.credentials = credentials;
        this.json = json;
        this.vertx = vertx;
        this.authTimer = vertx.setTimer(authTimeout.toMillis(), id -> {
            if (caller == null) {
                refuse("AUTH_TIMEOUT", "No auth message within " + authTimeout.toSeconds() + "s");
            }
        });
        socket.textMessageHandler(this::onMessage);
        socket.binaryMessageHandler(buffer -> error("INVALID_MESSAGE", "Messages are JSON text"));
        socket.closeHandler(ignored -> {
            vertx.cancelTimer(authTimer);
            stream.leave(this);
            ConsoleRelay.Console open = console;
            if (open != null) {
                open.close();
            }
        });
    }

    /** Called by the stream's reader, in position order. */
    void offer(EventRepository.Stored stored) {
        Caller who = caller;
        if (who == null || !EventPatterns.matches(patterns, stored.event().type()) || !stored.readers().let(who, stored.owner())) {
            return;
        }
        if (socket.writeQueueFull()) {
            // a client that does not read would make the replica hold its events without bound
            socket.close(TRY_AGAIN_LATER, "Too slow: events were not read");
            return;
        }
        ObjectNode message = json.createObjectNode().put("type", "event");
        message.set("event", json.valueToTree(stored.event()));
        socket.writeTextMessage(message.toString());
    }

    private void onMessage(String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (Exception e) {
            message = null;
        }
        String type = message != null && message.path("type").isTextual() ? message.get("type").asText() : null;
        if (caller == null) {
            if (!"auth".equals(type)) {
                refuse("UNAUTHENTICATED", "Send {\"type\": \"auth\", \"api_key\": ...} (or \"token\") first");
            } else if (!authenticating) {
                authenticate(message);
            }
            return;
        }
        if (type == null) {
            error("INVALID_MESSAGE", "Messages are JSON objects with a type: subscribe or ping");
        } else if (type.equals("subscribe")) {
            subscribe(message.get("events"));
        } else if (type.equals("console_connect")) {
            connectConsole(message.path("vm_id").isTextual() ? message.get("vm_id").asText() : null);
        } else if (type.equals("console_input")) {
            ConsoleRelay.Console open = console;
            if (open == null) {
                error("CONSOLE_NOT_CONNECTED", "Send console_connect first");
            } else if (!message.path("data").isTextual()) {
                error("INVALID_MESSAGE", "console_input needs data: text to type");
            } else {
                open.write(message.get("data").asText());
            }
        } else if (type.equals("console_disconnect")) {
            ConsoleRelay.Console open = console;
            console = null;
            if (open != null) {
                open.close();
            }
        } else if (type.equals("ping")) {
            send(json.createObjectNode().put("type", "pong"));
        } else if (type.equals("auth")) {
            error("ALREADY_AUTHENTICATED", "This connection is authenticated as " + caller.actor());
        } else {
            error("UNKNOWN_TYPE", "Unknown message type '" + type + "': subscribe, ping, console_connect, console_input or console_disconnect");
        }
    }

    private void authenticate(JsonNode message) {
        authenticating = true;
        String key = message.path("api_key").isTextual() ? message.get("api_key").asText() : null;
        String token = message.path("token").isTextual() ? message.get("token").asText() : null;
        Uni<Caller> check = key != null ? credentials.apiKey(key) : token != null ? credentials.token(token)
                : Uni.createFrom().failure(new ApiException(401, "MISSING_CREDENTIALS", "The auth message needs api_key or token"));
        check.subscribe().with(who -> {
            caller = who;
            vertx.cancelTimer(authTimer);
            stream.join(this);
            send(json.createObjectNode().put("type", "auth").put("status", "ok").put("actor", who.actor()));
        }, failure -> {
            ApiException problem = failure instanceof ApiException api ? api
                    : new ApiException(401, "INVALID_API_KEY", "Invalid API key");
            if (!(failure instanceof ApiException)) {
                LOG.warnf("Stream authentication failed: %s", failure.getMessage());
            }
            refuse(problem.code(), problem.detail());
        });
    }

    private void subscribe(JsonNode events) {
        if (events == null || !events.isArray() || events.isEmpty()) {
            error("INVALID_EVENTS", "subscribe needs events: a list of patterns such as [\"vm.*\", \"vpn.create\"]");
            return;
        }
        List<String> asked = new ArrayList<>();
        events.forEach(event -> asked.add(event.isTextual() ? event.asText() : null));
        try {
            patterns = EventPatterns.validate("events", asked);
        } catch (ApiException e) {
            error(e.code(), e.detail());
            return;
        }
        ObjectNode answer = json.createObjectNode().put("type", "subscribe").put("status", "ok");
        answer.set("events", json.valueToTree(patterns));
        send(answer);
    }

    private void connectConsole(String vm) {
        if (vm == null) {
            error("invalid_request", "console_connect needs vm_id: the VM's UUID or name");
            return;
        }
        if (console != null) {
            error("invalid_state", "A console is connected already: send console_disconnect first");
            return;
        }
        consoles.open(caller, vm).subscribe().with(open -> {
            if (socket.isClosed()) {
                open.close();
                return;
            }
            console = open;
            send(json.createObjectNode().put("type", "console_connect").put("status", "ok").put("vm_id", open.vmId()));
            open.start(output -> send(json.createObjectNode().put("type", "console_output").put("vm_id", open.vmId())
                    .put("data", output)), () -> {
                        if (console == open) {
                            console = null;
                            send(json.createObjectNode().put("type", "console_closed").put("vm_id", open.vmId()));
                        }
                    });
        }, failure -> {
            ApiException problem = failure instanceof ApiException api ? api : null;
            if (problem == null) {
                LOG.warnf("Console of %s could not be opened: %s", vm, failure.getMessage());
            }
            error(problem == null ? "operation_failed" : problem.code(), problem == null ? "The console could not be opened" : problem.detail());
        });
    }

    private void error(String code, String message) {
        send(json.createObjectNode().put("type", "error").put("code", code).put("message", message));
    }

    /** The error, then the close: the connection never authenticated. */
    private void refuse(String code, String message) {
        error(code, message);
        socket.close(POLICY, code);
    }

    private void send(ObjectNode message) {
        if (!socket.isClosed()) {
            socket.writeTextMessage(message.toString());
        }
    }
}
