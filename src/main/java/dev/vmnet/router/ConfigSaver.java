package dev.vmnet.router;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Saving the router's running config to its boot config: whether anything is unsaved, when a save
 * is due, and the save. {@link RouterWriter} calls {@link #save()} under the router lock, at the end
 * of a cycle when one is due, or once it has stayed idle.
 */
final class ConfigSaver {

    private static final Logger LOG = Logger.getLogger(ConfigSaver.class);

    private final VyosClient client;
    private final RouterConfig config;
    private volatile boolean unsaved;
    private volatile Instant lastSaveAttempt = Instant.now();
    private volatile boolean saveFailed;

    ConfigSaver(VyosClient client, RouterConfig config) {
        this.client = client;
        this.config = config;
    }

    /** Something was committed to the running config (or may have been): the next save must write it. */
    void markUnsaved() {
        unsaved = true;
    }

    boolean unsaved() {
        return unsaved;
    }

    /** How long the writer must stay idle before it saves: linger, or save-interval after a failed save. */
    Duration idleWait() {
        return saveFailed ? config.saveInterval() : config.batch().linger();
    }

    /** Whether a cycle must end with a save, though changes keep coming. */
    boolean due() {
        // with commit-confirm the router reverts to the saved config: save each confirmed commit at once
        return client.confirming() || Instant.now().isAfter(lastSaveAttempt.plus(config.saveInterval()));
    }

    /** Saves the running config to the boot config; a failed save is tried again after save-interval. */
    Uni<Void> save() {
        if (!unsaved) {
            return Uni.createFrom().voidItem();
        }
        unsaved = false;
        lastSaveAttempt = Instant.now();
        return client.save()
                .invoke(() -> saveFailed = false)
                .onFailure().invoke(e -> {
                    unsaved = true;
                    saveFailed = true;
                    LOG.warnf("Saving the router config failed; trying again in %s: %s", config.saveInterval(), e.getMessage());
                })
                .onFailure().recoverWithNull();
    }
}
