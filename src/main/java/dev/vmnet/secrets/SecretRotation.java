package dev.vmnet.secrets;

import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.crypto.Secrets;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * After a master-key rotation (SECRETS_MASTER_KEY new, SECRETS_MASTER_KEY_PREVIOUS the old one),
 * re-seals every secret value under the new key, in the background at start-up, so that the old
 * key can be dropped once it is done (the log line says when). Rows are claimed in batches with
 * FOR UPDATE SKIP LOCKED, so replicas starting together share the work; a value is never in clear
 * outside this process's memory. Reads meanwhile open values under either key.
 */
@ApplicationScoped
public class SecretRotation {

    private static final Logger LOG = Logger.getLogger(SecretRotation.class);
    private static final int BATCH = 100;

    private final Transactions transactions;
    private final SecretRepository repository;
    private final Secrets secrets;

    public SecretRotation(Transactions transactions, SecretRepository repository, Secrets secrets) {
        this.transactions = transactions;
        this.repository = repository;
        this.secrets = secrets;
    }

    void onStart(@Observes StartupEvent start) {
        if (!secrets.configured()) {
            return;
        }
        rotate().subscribe().with(count -> {
            if (count > 0) {
                LOG.infof("Re-sealed %d secret values under the current master key", count);
            }
        }, e -> LOG.warnf("Re-sealing secret values under the current master key stopped: %s", e.getMessage()));
    }

    /** Re-seals every value not under the current key that one of the configured keys opens; answers how many. */
    public Uni<Integer> rotate() {
        return rotate(secrets.currentPrefix(), 0, 0);
    }

    private Uni<Integer> rotate(String prefix, long afterId, int done) {
        return transactions.readCommitted(connection -> repository.stale(connection, prefix, afterId, BATCH).chain(found -> {
            List<Long> ids = new ArrayList<>();
            List<String> sealed = new ArrayList<>();
            for (SecretRepository.Sealed secret : found) {
                long id = secret.secret().id();
                try {
                    sealed.add(secrets.seal(secrets.open(secret.value(), SecretService.context(id)), SecretService.context(id)));
                    ids.add(id);
                } catch (ApiException e) {
                    // under a key that is neither the current nor the previous one: it stays, and its reads say so
                    LOG.warnf("Secret %d cannot be re-sealed: %s", id, e.detail());
                }
            }
            long last = found.isEmpty() ? afterId : found.get(found.size() - 1).secret().id();
            return repository.reseal(connection, ids, sealed).replaceWith(new Batch(found.size(), last, ids.size()));
        })).chain(batch -> batch.found() < BATCH ? Uni.createFrom().item(done + batch.resealed())
                : rotate(prefix, batch.last(), done + batch.resealed()));
    }

    /** One claimed batch: how many rows it held, the last id, and how many were re-sealed. */
    private record Batch(int found, long last, int resealed) {}
}
