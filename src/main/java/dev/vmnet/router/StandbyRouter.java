package dev.vmnet.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.events.Outbox;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The standby router (HA/DR), when one is configured (VYOS_SECONDARY_*) or simulated
 * (SIMULATOR_SECONDARY): the same VyOS version and config paths as the active one, written only by
 * the standby sync (package hadr), one replica at a time. Its commits are not logged: it is the
 * one that replays the log.
 */
@Startup // the standby simulator, like the primary's, starts with the service
@ApplicationScoped
public class StandbyRouter {

    private final VyosClient client;
    private final OwnedConfigReader reader;
    private final URI baseUri;
    private final VyosDialect dialect;

    StandbyRouter(RouterConfig config, LocalRouter simulator, ObjectMapper json, VyosDialect dialect, Pool pool, Outbox outbox) {
        Optional<RouterEndpoint> endpoint = RouterEndpoint.secondary(config, simulator);
        this.dialect = dialect;
        this.baseUri = endpoint.map(RouterEndpoint::baseUri).orElse(null);
        this.client = endpoint.map(e -> new VyosClient(e, config, json, new RouterReachability(pool, outbox, "secondary"), (CommitLog) null))
                .orElse(null);
        this.reader = client == null ? null : new OwnedConfigReader(client, dialect);
    }

    public boolean present() {
        return client != null;
    }

    /** Null without a standby. */
    public URI baseUri() {
        return baseUri;
    }

    public Uni<Void> configure(List<RouterOp> ops) {
        return client.configure(ops).replaceWithVoid();
    }

    /** The owned parts of the standby's config, as the writer reads the active router's. */
    public Uni<RouterSnapshot> read() {
        return reader.read();
    }

    /** Whether it answers: the managed subnet exists there (what /v1/health asks the active router). */
    public Uni<Boolean> answers() {
        return client.exists(dialect.subnetPath());
    }

    public Uni<Void> save() {
        return client.save();
    }
}
