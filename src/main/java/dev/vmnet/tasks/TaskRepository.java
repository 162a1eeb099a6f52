package dev.vmnet.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Tasks and their runs, in explicit SQL: the claim of due occurrences is one statement under FOR UPDATE SKIP LOCKED. */
@ApplicationScoped
public class TaskRepository {

    private static final String COLUMNS = "t.id, t.user_id, u.username, u.roles, t.task_type, t.payload::text AS payload,"
            + " t.schedule_time, t.recurrence_seconds, t.next_run_at, t.created_by, t.created_at";

    /** A run just claimed, with its task. */
    public record Claimed(Task task, TaskRun run) {}

    public Uni<Task> insert(SqlClient client, long userId, String type, ObjectNode payload, OffsetDateTime scheduleTime,
            Integer recurrence, String createdBy) {
        return client.preparedQuery("""
                        WITH t AS (INSERT INTO scheduled_task (user_id, task_type, payload, schedule_time, recurrence_seconds, next_run_at,
                                                              created_by)
                                   VALUES ($1, $2, CAST($3 AS text)::jsonb, $4, $5, $4, $6) RETURNING *)
                        SELECT\s""" + COLUMNS + " FROM t JOIN app_user u ON u.id = t.user_id")
                .execute(Tuple.tuple(Arrays.asList(userId, type, payload.toString(), scheduleTime, recurrence, createdBy)))
                .map(rows -> tasks(rows).get(0));
    }

    /** Newest first, below {@code beforeId}; only {@code userId}'s unless it is null. */
    public Uni<List<Task>> page(SqlClient client, Long userId, long beforeId, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM scheduled_task t JOIN app_user u ON u.id = t.user_id"
                        + " WHERE t.id < $1 AND ($2::bigint IS NULL OR t.user_id = $2) ORDER BY t.id DESC LIMIT $3")
                .execute(Tuple.of(beforeId, userId, limit)).map(TaskRepository::tasks);
    }

    public Uni<Task> find(SqlClient client, long id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM scheduled_task t JOIN app_user u ON u.id = t.user_id WHERE t.id = $1")
                .execute(Tuple.of(id)).map(rows -> tasks(rows).stream().findFirst().orElse(null));
    }

    public Uni<Boolean> delete(SqlClient client, long id) {
        return client.preparedQuery("DELETE FROM scheduled_task WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Claims up to {@code limit} due occurrences: locks each due task (skipping those another
     * replica holds), moves its next_run_at to the first occurrence after now (so occurrences
     * missed while no replica ran become this one run) or to null for a one-off, and records a
     * run for the occurrence, all in one statement.
     */
    public Uni<List<Claimed>> claimDue(SqlClient client, int limit) {
        return client.preparedQuery("""
                        WITH due AS (
                            SELECT id, next_run_at FROM scheduled_task WHERE next_run_at <= now()
                            ORDER BY next_run_at LIMIT $1 FOR UPDATE SKIP LOCKED),
                        moved AS (
                            UPDATE scheduled_task t SET next_run_at = CASE WHEN t.recurrence_seconds IS NULL THEN NULL
                                ELSE t.schedule_time + (floor(extract(epoch FROM now() - t.schedule_time) / t.recurrence_seconds) + 1)
                                                       * t.recurrence_seconds * interval '1 second' END
                            FROM due WHERE t.id = due.id RETURNING t.id, due.next_run_at AS occurrence),
                        runs AS (
                            INSERT INTO task_run (task_id, scheduled_for, status) SELECT id, occurrence, 'running' FROM moved
                            ON CONFLICT DO NOTHING RETURNING *)
                        SELECT r.id AS run_id, r.task_id, r.scheduled_for, r.manual, r.started_at, r.finished_at, r.status, r.detail,
                        """ + COLUMNS + """

                        FROM runs r JOIN scheduled_task t ON t.id = r.task_id JOIN app_user u ON u.id = t.user_id""")
                .execute(Tuple.of(limit)).map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(new Claimed(task(row), run(row))));
                    return claimed;
                });
    }

    /** A run asked for now, outside the schedule. */
    public Uni<TaskRun> insertManualRun(SqlClient client, long taskId) {
        return client.preparedQuery("INSERT INTO task_run (task_id, scheduled_for, manual, status) VALUES ($1, clock_timestamp(), true,"
                        + " 'running') RETURNING id AS run_id, task_id, scheduled_for, manual, started_at, finished_at, status, detail")
                .execute(Tuple.of(taskId)).map(rows -> run(rows.iterator().next()));
    }

    public Uni<TaskRun> finish(SqlClient client, long runId, boolean succeeded, String detail) {
        return client.preparedQuery("UPDATE task_run SET finished_at = now(), status = $2, detail = $3 WHERE id = $1 AND status = 'running'"
                        + " RETURNING id AS run_id, task_id, scheduled_for, manual, started_at, finished_at, status, detail")
                .execute(Tuple.of(runId, succeeded ? "succeeded" : "failed", detail))
                .map(rows -> rows.iterator().hasNext() ? run(rows.iterator().next()) : null);
    }

    /** Runs still running after {@code timeoutMillis}: their replica died; recorded as failed, never run again. */
    public Uni<Integer> failAbandoned(SqlClient client, long timeoutMillis) {
        return client.preparedQuery("UPDATE task_run SET finished_at = now(), status = 'failed', detail = $2 WHERE status = 'running'"
                        + " AND started_at < now() - $1 * interval '1 millisecond'")
                .execute(Tuple.of(timeoutMillis, "TASK_INTERRUPTED: the replica running it stopped before it finished"))
                .map(RowSet::rowCount);
    }

    public Uni<List<TaskRun>> runs(SqlClient client, long taskId, int limit) {
        return client.preparedQuery("SELECT id AS run_id, task_id, scheduled_for, manual, started_at, finished_at, status, detail"
                        + " FROM task_run WHERE task_id = $1 ORDER BY id DESC LIMIT $2")
                .execute(Tuple.of(taskId, limit)).map(rows -> {
                    List<TaskRun> runs = new ArrayList<>();
                    rows.forEach(row -> runs.add(run(row)));
                    return runs;
                });
    }

    private static List<Task> tasks(RowSet<Row> rows) {
        List<Task> found = new ArrayList<>();
        rows.forEach(row -> found.add(task(row)));
        return found;
    }

    private static Task task(Row row) {
        ObjectNode payload = TaskPayloads.parse(row.getString("payload"));
        return new Task(row.getLong("id"), row.getLong("user_id"), row.getString("username"), row.getString("roles"),
                row.getString("task_type"), payload, row.getOffsetDateTime("schedule_time"), row.getInteger("recurrence_seconds"),
                row.getOffsetDateTime("next_run_at"), row.getString("created_by"), row.getOffsetDateTime("created_at"));
    }

    private static TaskRun run(Row row) {
        return new TaskRun(row.getLong("run_id"), row.getLong("task_id"), row.getOffsetDateTime("scheduled_for"), row.getBoolean("manual"),
                row.getOffsetDateTime("started_at"), row.getOffsetDateTime("finished_at"), row.getString("status"), row.getString("detail"));
    }
}
