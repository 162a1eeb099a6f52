package dev.vmnet.analytics;

import dev.vmnet.common.ApiException;
import dev.vmnet.identity.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Usage and activity. Admins and viewers see the whole service; anyone else its own VMs, ports,
 * VPNs and keys, and its own changes. The pools are everyone's: they say how much is left.
 */
@ApplicationScoped
public class AnalyticsService {

    /** Most buckets one report may have: a year of days, a month of hours. */
    static final Map<String, Duration> LONGEST = Map.of("hour", Duration.ofDays(31), "day", Duration.ofDays(366));

    private final AnalyticsRepository analytics;

    public AnalyticsService(AnalyticsRepository analytics) {
        this.analytics = analytics;
    }

    public Uni<Usage> usage(Caller caller) {
        String owner = caller.readsAll() ? null : caller.owner();
        Uni<Map<String, Long>> keys = caller.admin() ? analytics.apiKeys()
                : caller.username() != null ? analytics.apiKeysOf(caller.username()) : Uni.createFrom().nullItem();
        Uni<Map<String, Long>> users = caller.admin() ? analytics.users() : Uni.createFrom().nullItem();
        return Uni.combine().all().unis(analytics.pools(), analytics.dhcpPools(), analytics.vms(owner), analytics.ports(owner),
                        analytics.vpns(owner), keys, users)
                .with((pools, dhcpPools, vms, ports, vpns, apiKeys, userCounts) -> new Usage(owner == null ? "all" : owner, pools,
                        dhcpPools, withTotal(vms), ports, withTotal(vpns), apiKeys, userCounts));
    }

    /** {@code from} and {@code to} default to the last 7 days (day buckets) or 24 hours (hour buckets). */
    public Uni<Activity> activity(Caller caller, String fromText, String toText, String bucketText) {
        String bucket = bucketText == null ? "day" : bucketText;
        if (!LONGEST.containsKey(bucket)) {
            throw ApiException.unprocessable("INVALID_BUCKET", "bucket must be hour or day");
        }
        OffsetDateTime to = toText == null ? OffsetDateTime.now(ZoneOffset.UTC) : time("to", toText);
        OffsetDateTime from = fromText == null ? to.minus(bucket.equals("day") ? Duration.ofDays(7) : Duration.ofHours(24))
                : time("from", fromText);
        if (!from.isBefore(to)) {
            throw ApiException.unprocessable("INVALID_RANGE", "from must be before to");
        }
        if (Duration.between(from, to).compareTo(LONGEST.get(bucket)) > 0) {
            throw ApiException.unprocessable("INVALID_RANGE", "A report by " + bucket + " covers at most "
                    + LONGEST.get(bucket).toDays() + " days");
        }
        String owner = caller.readsAll() ? null : caller.owner();
        return Uni.combine().all().unis(analytics.buckets(from, to, bucket, owner), analytics.topActors(from, to, owner),
                        analytics.failures(from, to, owner))
                .with((buckets, actors, failures) -> new Activity(from, to, bucket, owner == null ? "all" : owner,
                        buckets.stream().mapToLong(Activity.Bucket::total).sum(), buckets, actors, failures));
    }

    private static Map<String, Long> withTotal(Map<String, Long> counts) {
        counts.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        return counts;
    }

    private static OffsetDateTime time(String name, String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.unprocessable("INVALID_RANGE", name + " must be a date and time with offset, e.g. 2026-12-01T00:00:00Z");
        }
    }
}
