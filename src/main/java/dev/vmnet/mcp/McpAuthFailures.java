package dev.vmnet.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.auth.ApiKeyAuthenticationMechanism;
import dev.vmnet.auth.ApiKeyIdentityProvider;
import dev.vmnet.common.Problem;
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
        String detail = failure != null && ApiKeyIdentityProvider.EXPIRED.equals(failure.getMessage())
                ? ApiKeyIdentityProvider.EXPIRED : ApiKeyIdentityProvider.INVALID;
        String code = detail.equals(ApiKeyIdentityProvider.EXPIRED) ? "EXPIRED_API_KEY" : "INVALID_API_KEY";
        String authorization = ctx.request().getHeader("Authorization");
        if (ctx.request().getHeader(ApiKeyAuthenticationMechanism.HEADER) == null && authorization != null
                && authorization.startsWith("Bearer ")) {
            detail = "Invalid JWT token";
            code = "INVALID_JWT";
        }
        try {
            ctx.response().setStatusCode(401).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(new Problem("Unauthorized", 401, detail, code)));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
