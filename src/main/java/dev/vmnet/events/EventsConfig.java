package dev.vmnet.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Events and their ways out: the dispatcher, deliveries (webhooks, mail) and the live stream. */
@ConfigMapping(prefix = "events")
public interface EventsConfig {

    /** How often each replica looks for new events to dispatch and deliveries that are due. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** Longest one webhook POST or SMTP send may take. */
    @WithDefault("10s")
    Duration deliveryTimeout();

    /** Attempts per delivery before it is marked failed. */
    @WithDefault("8")
    int maxAttempts();

    /** A delivery not done after this long is marked failed, however few its attempts. */
    @WithDefault("24h")
    Duration maxAge();

    /** Wait before the second attempt; it doubles with each further one, up to retry-max-backoff. */
    @WithDefault("5s")
    Duration retryBackoff();

    @WithDefault("1h")
    Duration retryMaxBackoff();

    /**
     * INTEGRATIONS_ALLOW_PRIVATE_TARGETS: webhooks may go to loopback, link-local, private and
     * unspecified addresses. Off by default: the service must not become a way into its own network.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** Events (and their delivery history) older than this are deleted, once no delivery of theirs is pending. */
    @WithDefault("30d")
    Duration retention();

    /** A stream connection that has not authenticated within this is closed. */
    @WithDefault("10s")
    Duration streamAuthTimeout();

    /** MAIL_HOST: the SMTP server for email rules; without it, email rules are refused. */
    Optional<String> mailHost();
}
