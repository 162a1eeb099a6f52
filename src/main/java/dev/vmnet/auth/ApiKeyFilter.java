package dev.vmnet.auth;

import dev.vmnet.common.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Every endpoint but those marked {@link PermitAll} needs an X-API-Key from VYOS_API_KEYS. Keys
 * are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken says
 * nothing about how much of a key matched.
 */
public class ApiKeyFilter {

    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);
    static final String HEADER = "X-API-Key";

    private final List<byte[]> keyDigests;

    public ApiKeyFilter(AuthConfig config) {
        this.keyDigests = config.apiKeys().orElse(List.of()).stream()
                .map(String::strip).filter(k -> !k.isEmpty()).map(ApiKeyFilter::digest).toList();
        if (keyDigests.isEmpty()) {
            LOG.warn("No API keys configured (VYOS_API_KEYS): every request will be refused");
        }
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource.getResourceClass().isAnnotationPresent(PermitAll.class)) {
            return null;
        }
        String key = request.getHeaderString(HEADER);
        if (key != null && isKnown(digest(key))) {
            return null;
        }
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .entity(new Problem("Unauthorized", 401, "Invalid or missing API Key", "INVALID_API_KEY"))
                .build();
    }

    private boolean isKnown(byte[] presented) {
        boolean known = false;
        for (byte[] digest : keyDigests) {
            known |= MessageDigest.isEqual(digest, presented);
        }
        return known;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
