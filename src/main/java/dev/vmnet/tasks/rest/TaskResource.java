package dev.vmnet.tasks.rest;

import dev.vmnet.common.Paging;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.tasks.TaskService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Spec 002's scheduled tasks: backups, reconciles, decommissions and port actions that run as their owner. */
@Path("/v1/scheduled-tasks")
@Tag(name = "Scheduled tasks", description = "Work that runs on a schedule, as its owner")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TaskResource {

    private final TaskService tasks;
    private final SecurityIdentity identity;

    public TaskResource(TaskService tasks, SecurityIdentity identity) {
        this.tasks = tasks;
        this.identity = identity;
    }

    @POST
    @Path("/")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "createScheduledTask", summary = "Schedule a backup, reconcile, decommission or port action",
            description = "Runs first at schedule_time, then every recurrence seconds; occurrences missed while no replica ran"
                    + " become one run. A payload that cannot work, or a task its owner may not run, is refused here.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = TaskResponse.class)))
    @APIResponse(responseCode = "422", ref = "Invalid")
    public Uni<RestResponse<TaskResponse>> create(@NotNull(message = "is required") TaskRequest body) {
        return tasks.create(Caller.of(identity), body.userId(), body.taskType(), body.payload(), body.scheduleTime(), body.recurrence())
                .map(task -> RestResponse.status(RestResponse.Status.CREATED, TaskResponse.of(task, null)));
    }

    @GET
    @Path("/")
    @Operation(operationId = "listScheduledTasks", summary = "The caller's tasks (every user's for admins), newest first")
    @APIResponse(responseCode = "200", description = "Tasks",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = TaskResponse.class)))
    public Uni<RestResponse<List<TaskResponse>>> list(
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000") String limitText,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        int limit = Paging.limitOrDefault(limitText);
        return tasks.list(Caller.of(identity), Paging.beforeId(cursor), limit + 1)
                .map(page -> Paging.page(page, limit, task -> Long.toString(task.id()), task -> TaskResponse.of(task, null), uri));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getScheduledTask", summary = "One task with its latest runs")
    @APIResponse(responseCode = "200", description = "The task", content = @Content(schema = @Schema(implementation = TaskResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<TaskResponse> get(@PathParam("id") String id) {
        return tasks.get(Caller.of(identity), Paging.pathId(id)).map(detail -> TaskResponse.of(detail.task(), detail.runs()));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "deleteScheduledTask", summary = "Cancel a task: nothing more runs; a run in progress finishes")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return tasks.delete(Caller.of(identity), Paging.pathId(id)).map(done -> RestResponse.noContent());
    }

    @POST
    @Path("/{id}/run")
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Operation(operationId = "runScheduledTask", summary = "Run a task now, outside its schedule; answers the run once it is done",
            description = "A run that fails is still a 200: its status is failed and its detail the problem")
    @APIResponse(responseCode = "200", description = "The run", content = @Content(schema = @Schema(implementation = TaskRunResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<TaskRunResponse> run(@PathParam("id") String id) {
        return tasks.runNow(Caller.of(identity), Paging.pathId(id)).map(TaskRunResponse::of);
    }
}
