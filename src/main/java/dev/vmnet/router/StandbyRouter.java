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
    private final URI secondary;
    private final VyosDialect dialect;

    StandbyRouter(RouterConfig config, LocalRouter simulator, ObjectMapper json, VyosDialect dialect, Pool pool, Outbox outbox) {
        Optional<RouterEndpoint> endpoint = RouterEndpoint.secondary(config, simulator);
        this.dialect = dialect;
        this.secondary = endpoint.map(RouterEndpoint::baseUri).orElse(null);
        this.client = endpoint.map(e -> new VyosClient(VyosClient.target("secondary", e, config,
                new RouterReachability(pool, outbox, "secondary")), config, json, null)).orElse(null);
        this.reader = client == null ? null : new OwnedConfigReader(client, dialect);
    }

    public boolean present() {
        return client != null;
    }

    /** The address of the router it reaches now; null without a standby. */
    public URI baseUri() {
        return client == null ? null : client.baseUri();
    }

    /** The secondary router's address (the standby's until a failover); null without one. */
    public URI secondaryUri() {
        return secondary;
    }

    /** The router it reaches now: secondary, or after a failover primary. */
    public String router() {
        return client.router();
    }

    VyosClient client() {
        return client;
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
