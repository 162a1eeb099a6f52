package dev.vmnet.tasks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Scheduled tasks: how often replicas look for due occurrences, and where backups may go. */
@ConfigMapping(prefix = "tasks")
public interface TasksConfig {

    /** TASKS_POLL_INTERVAL: how often each replica claims due occurrences (the Quarkus scheduler's step is 1 s). */
    @WithDefault("1s")
    Duration pollInterval();

    /** TASKS_RUN_TIMEOUT: a run still running after this lost its replica, and is recorded as failed. */
    @WithDefault("15m")
    Duration runTimeout();

    /** BACKUP_FILE_ROOT: the directory file:// backup targets must be in; unset, file:// targets are refused. */
    Optional<Path> backupFileRoot();

    /** TASKS_UPLOAD_TIMEOUT: how long an http(s) backup upload may take. */
    @WithDefault("60s")
    Duration uploadTimeout();

    /** How many recent runs GET /v1/scheduled-tasks/{id} shows. */
    @WithDefault("20")
    int runsShown();
}
