package dev.vmnet.notifications;

import dev.vmnet.common.ApiException;
import dev.vmnet.events.EventsConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Where webhooks may go: http(s) URLs whose host resolves only to public addresses, unless
 * INTEGRATIONS_ALLOW_PRIVATE_TARGETS says otherwise. Checked when a rule or integration is made and
 * again at each delivery, which then connects to the address checked (a DNS answer that changes
 * in between cannot point it inside).
 */
@ApplicationScoped
public class TargetGuard {

    private final EventsConfig config;

    public TargetGuard(EventsConfig config) {
        this.config = config;
    }

    /** Where a target URL is and the one address a delivery connects to. */
    public record Resolved(URI uri, InetAddress address) {

        public int port() {
            return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        }
    }

    /** The URL, or 422 naming {@code field}: only http and https, with a host, and no credentials in it. */
    public static URI parse(String field, String target) {
        if (target == null || target.isBlank()) {
            throw invalid(field, field + " is required");
        }
        if (target.length() > 2048) {
            throw invalid(field, field + " is longer than 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw invalid(field, field + " is not a URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().equals("http") && !uri.getScheme().equals("https")) {
            throw invalid(field, field + " must be an http or https URL");
        }
        if (uri.getHost() == null) {
            throw invalid(field, field + " has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(field, field + " must not carry credentials; send them in a header");
        }
        return uri;
    }

    /** Resolves {@code uri}'s host (on a worker thread: resolution blocks) and checks every address it has. */
    public Uni<Resolved> resolve(String field, URI uri) {
        return Uni.createFrom().item(() -> {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(uri.getHost());
            } catch (UnknownHostException e) {
                throw new ApiException(422, "TARGET_UNRESOLVABLE", field + " host " + uri.getHost() + " does not resolve");
            }
            if (!config.allowPrivateTargets()) {
                for (InetAddress address : addresses) {
                    if (!isPublic(address)) {
                        throw new ApiException(422, "TARGET_NOT_ALLOWED", field + " " + uri.getHost() + " resolves to "
                                + address.getHostAddress() + ", which is not a public address; webhooks go to public addresses only"
                                + " (INTEGRATIONS_ALLOW_PRIVATE_TARGETS)");
                    }
                }
            }
            return new Resolved(uri, addresses[0]);
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Not loopback, link-local (169.254.169.254, the clouds' metadata), private, shared, unspecified or multicast. */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0 // this network
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT, 100.64.0.0/10
                    && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            boolean uniqueLocal = (first & 0xfe) == 0xfc; // fc00::/7
            boolean mapped = Arrays.equals(Arrays.copyOf(bytes, 12), new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
            if (mapped) {
                try {
                    return isPublic(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return !uniqueLocal;
        }
        return false;
    }

    private static ApiException invalid(String field, String detail) {
        return new ApiException(422, "INVALID_TARGET", detail);
    }
}
