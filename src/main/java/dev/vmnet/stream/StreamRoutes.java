package dev.vmnet.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.auth.CredentialCheck;
import dev.vmnet.events.EventsConfig;
import dev.vmnet.virtualbox.ConsoleRelay;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The event stream's WebSocket at /v1/ws and at /api/v1/ws (spec 004's path), on Quarkus' own
 * HTTP server through Vert.x (the Quarkus WebSockets extensions are not available here). It
 * authenticates in the protocol, so the HTTP upgrade itself needs no credentials. The same socket
 * relays a VM's serial console (console_connect).
 */
@ApplicationScoped
public class StreamRoutes {

    public static final List<String> PATHS = List.of("/v1/ws", "/api/v1/ws");

    private final EventStream stream;
    private final CredentialCheck credentials;
    private final ObjectMapper json;
    private final EventsConfig config;
    private final ConsoleRelay consoles;

    public StreamRoutes(EventStream stream, CredentialCheck credentials, ObjectMapper json, EventsConfig config, ConsoleRelay consoles) {
        this.stream = stream;
        this.credentials = credentials;
        this.json = json;
        this.config = config;
        this.consoles = consoles;
    }

    void routes(@Observes Router router, Vertx vertx) {
        for (String path : PATHS) {
            router.route(path).handler(context -> context.request().toWebSocket()
                    .onSuccess(socket -> new StreamSession(socket, stream, credentials, json, vertx, config.streamAuthTimeout(), consoles))
                    .onFailure(e -> {
                        if (!context.response().ended()) {
                            context.response().setStatusCode(400).end("Expected a WebSocket upgrade");
                        }
                    }));
        }
    }
}
