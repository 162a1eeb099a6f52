package dev.vmnet.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Problem;
import dev.vmnet.common.ProblemMapper;
import dev.vmnet.common.RequestIds;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolInputGuardrail;
import io.quarkiverse.mcp.server.ToolManager;
import io.quarkiverse.mcp.server.ToolOutputGuardrail;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * What a tool call answers, in one place: a result as structured content (and as JSON text, for
 * clients that read only text), a failure as a tool error whose structured content is the REST
 * problem. Every tool names this class as its input and output guardrail:
 * <ul>
 * <li>before the call, the HTTP request's id goes into the MDC: the extension runs each call on a
 * Vert.x context of its own, without the request's MDC, so problems and log lines would lack it;</li>
 * <li>after it, an argument the extension could not bind (missing, or not of its type) becomes the
 * problem the REST API answers for such a field. The extension answers those before the tool
 * runs, as a plain-text error: every failure of the tools themselves has structured content.</li>
 * </ul>
 */
@Singleton
public class ToolCalls implements ToolInputGuardrail, ToolOutputGuardrail {

    // the extension's texts for an argument it could not bind (FeatureManagerBase)
    private static final Pattern MISSING = Pattern.compile("Missing required argument: (.+)");
    private static final Pattern NOT_CONVERTIBLE = Pattern.compile("Invalid argument \\[(.+)] - unable to convert value");

    private final ObjectMapper json;
    private final CurrentVertxRequest request;

    public ToolCalls(ObjectMapper json, CurrentVertxRequest request) {
        this.json = json;
        this.request = request;
    }

    /** The tool's work, answered as a result or, whatever fails (a synchronous throw too), as its problem. */
    Uni<ToolResponse> run(Supplier<Uni<?>> work) {
        return Uni.createFrom().deferred(work)
                .map(result -> respond(false, result))
                .onFailure().recoverWithItem(e -> respond(true, ProblemMapper.problemOf(e)));
    }

    @Override
    public void apply(ToolInputContext context) {
        RoutingContext http = request.getCurrent();
        String id = http == null ? null : http.response().headers().get(RequestIds.HEADER);
        if (id != null) {
            MDC.put(RequestIds.MDC_KEY, id);
        }
    }

    @Override
    public void apply(ToolOutputContext context) {
        ToolResponse response = context.getResponse();
        if (response.isError() && response.structuredContent() == null) {
            context.setResponse(respond(true, argumentProblem(context.getTool(), response.firstContent().asText().text())));
        }
    }

    private static Problem argumentProblem(ToolManager.ToolInfo tool, String text) {
        Matcher missing = MISSING.matcher(text);
        if (missing.matches()) {
            return ProblemMapper.missingField(missing.group(1));
        }
        Matcher invalid = NOT_CONVERTIBLE.matcher(text);
        if (invalid.matches()) {
            String name = invalid.group(1);
            for (ToolManager.ToolArgument argument : tool.arguments()) {
                if (argument.name().equals(name)) {
                    return ProblemMapper.invalidFieldType(name, TypeFactory.rawClass(argument.type()));
                }
            }
        }
        return ProblemMapper.problemOf(ApiException.unprocessable("VALIDATION_FAILED", text)); // a text of another version
    }

    private ToolResponse respond(boolean error, Object body) {
        Map<?, ?> structured = json.convertValue(body, Map.class);
        try {
            return new ToolResponse(error, List.of(new TextContent(json.writeValueAsString(structured))), structured, null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
