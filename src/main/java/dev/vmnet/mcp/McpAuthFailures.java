package dev.vmnet.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.auth.ApiKeyAuthenticationMechanism;
import dev.vmnet.auth.AuthProblems;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Problem;
import dev.vmnet.common.ProblemMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refused credentials on /mcp answer 401 with the REST API's problem. The MCP extension's own
 * failure handler reads the JSON-RPC id as a number and drops the connection when a client (the
 * official Java SDK among them) sends a string id, so this handler, ordered first, answers them.
 */
@ApplicationScoped
public class McpAuthFailures {

    private final ObjectMapper json;

    public McpAuthFailures(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route("/mcp*").order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        boolean refused = ctx.statusCode() == 401 || failure instanceof AuthenticationFailedException
                || failure instanceof UnauthorizedException;
        if (!refused || ctx.response().ended()) {
            ctx.next();
            return;
        }
        ApiException refusal = AuthProblems.unauthenticated(failure,
                ctx.request().getHeader(ApiKeyAuthenticationMechanism.HEADER), ctx.request().getHeader("Authorization"));
        try {
            ctx.response().setStatusCode(refusal.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(ProblemMapper.problemOf(refusal)));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
