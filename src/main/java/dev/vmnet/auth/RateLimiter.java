package dev.vmnet.auth;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per credential: {@code requests} per {@code period}, up to {@code burst} at once.
 * Buckets live in this replica's memory (the README says why).
 */
@ApplicationScoped
public class RateLimiter {

    /** What a request got: whether it may go on, and what the X-RateLimit-* headers say. */
    public record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {}

    private final int requests;
    private final double capacity;
    private final double perNano;
    private final Duration period;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(AuthConfig config) {
        this.requests = config.rateLimit().requests();
        this.capacity = config.rateLimit().burst().orElse(requests);
        this.period = config.rateLimit().period();
        this.perNano = (double) requests / period.toNanos();
    }

    public Decision take(String credential) {
        return buckets.computeIfAbsent(credential, key -> new Bucket(capacity, System.nanoTime())).take();
    }

    /** The limit as the 429 detail says it: "30 per minute". */
    public String describe() {
        String unit = switch ((int) Math.min(period.toSeconds(), Integer.MAX_VALUE)) {
            case 1 -> "second";
            case 60 -> "minute";
            case 3600 -> "hour";
            case 86400 -> "day";
            default -> period.toSeconds() + " seconds";
        };
        return requests + " per " + unit;
    }

    /** Forgets buckets that are full again: they would start full anyway. */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetIdle() {
        long now = System.nanoTime();
        buckets.values().removeIf(bucket -> bucket.fullAt(now));
    }

    private final class Bucket {

        private double tokens;
        private long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }

        synchronized Decision take() {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - updated) * perNano);
            updated = now;
            boolean allowed = tokens >= 1;
            if (allowed) {
                tokens -= 1;
            }
            long epochNow = System.currentTimeMillis();
            long reset = (epochNow + (long) Math.ceil((capacity - tokens) / perNano / 1_000_000) + 999) / 1000;
            long retryAfter = allowed ? 0 : (long) Math.ceil((1 - tokens) / perNano / 1_000_000_000d);
            return new Decision(allowed, requests, (int) Math.floor(tokens), reset, Math.max(1, retryAfter));
        }

        synchronized boolean fullAt(long now) {
            return Math.min(capacity, tokens + (now - updated) * perNano) >= capacity;
        }
    }
}
