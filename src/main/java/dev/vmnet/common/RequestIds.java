package dev.vmnet.common;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Every request gets an id: the caller's X-Request-Id when it is a plain token, else a new UUID.
 * It is in the X-Request-Id response header, in every log line of the request (MDC request_id;
 * Quarkus keeps the MDC per request on Vert.x) and in problem responses.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    /** What a caller's id may look like: nothing that could forge a log line or a header. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::assign);
    }

    private void assign(RoutingContext ctx) {
        String given = ctx.request().getHeader(HEADER);
        String id = given != null && TOKEN.matcher(given).matches() ? given : UUID.randomUUID().toString();
        MDC.put(MDC_KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }

    /** The current request's id, or null outside a request. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }
}
