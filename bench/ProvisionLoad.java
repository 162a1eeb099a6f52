import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator: provisions N VMs with C concurrent clients against a running service, then
 * decommissions them. Prints throughput, latency percentiles, status counts, the serialization
 * retries the service counted (from /q/metrics) and any duplicate allocation it can see.
 *
 *   java bench/ProvisionLoad.java --url http://127.0.0.1:8810 --key KEY --vms 2000 --clients 32
 *
 * Needs only a JDK 17; no build.
 */
public class ProvisionLoad {

    private static final Pattern IP = Pattern.compile("\"internal_ip\":\"([^\"]+)\"");
    private static final Pattern PORTS = Pattern.compile("\"external_ports\":\\{([^}]*)}");
    private static final Pattern BASE = Pattern.compile("\"nat_rule_base\":(\\d+)");

    record Result(int status, long nanos, String body) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--url", "http://127.0.0.1:8810", "--key", "bench-key",
                "--vms", "2000", "--clients", "32", "--prefix", "bench", "--warmup", "0", "--latencies", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        URI base = URI.create(options.get("--url"));
        String key = options.get("--key");
        int vms = Integer.parseInt(options.get("--vms"));
        // a client of its own per worker, kept across phases as a pipeline keeps its connections
        List<HttpClient> clients = Stream.generate(ProvisionLoad::client)
                .limit(Integer.parseInt(options.get("--clients"))).toList();
        String prefix = options.get("--prefix");
        HttpClient http = client();
        // with --simulator URL --simulator-key KEY, each phase first sets the simulator's commit latency
        List<String> latencies = options.get("--latencies").isEmpty() ? List.of("") : List.of(options.get("--latencies").split(","));
        Simulator simulator = options.containsKey("--simulator")
                ? new Simulator(http, URI.create(options.get("--simulator")), options.get("--simulator-key")) : null;

        int warmup = Integer.parseInt(options.get("--warmup"));
        if (warmup > 0) {
            if (simulator != null) {
                simulator.commitLatency(0);
            }
            System.out.printf("warm-up: %d provisions and decommissions, not measured%n", warmup);
            run(clients, warmup, (client, i) -> provision(client, base, key, "warm", i));
            run(clients, warmup, (client, i) -> decommission(client, base, key, "warm", i));
        }
        for (String latency : latencies) {
            if (!latency.isEmpty()) {
                simulator.commitLatency(Long.parseLong(latency.strip()));
                System.out.printf("%n== simulator commit latency %s ms; %d VMs, %d clients%n", latency.strip(), vms, clients.size());
                // one change at the new latency first, unmeasured: the writer sizes its batches by the last commit's
                // time, and a real router's commits do not change from 0 ms to 1 s between two calls
                provision(http, base, key, "settle", 0);
                decommission(http, base, key, "settle", 0);
            }
            phase(http, base, key, prefix, vms, clients);
        }
    }

    static void phase(HttpClient http, URI base, String key, String prefix, int vms, List<HttpClient> clients) throws Exception {
        double retriesBefore = metric(http, base, "db_serialization_retries_total");
        double allocationsBefore = metric(http, base, "vm_allocation_seconds_count");
        double allocationSecondsBefore = metric(http, base, "vm_allocation_seconds_sum");
        Map<String, Double> batchesBefore = metrics(http, base, "router_batch_size_bucket");
        double batchedBefore = metric(http, base, "router_batch_size_sum");
        List<Result> provisions = run(clients, vms, (client, i) -> provision(client, base, key, prefix, i));
        double retries = metric(http, base, "db_serialization_retries_total") - retriesBefore;
        report("provision", provisions);
        System.out.printf("  serialization retries: %.0f (%.3f per provision)%n", retries, retries / vms);
        double allocations = metric(http, base, "vm_allocation_seconds_count") - allocationsBefore;
        double allocationSeconds = metric(http, base, "vm_allocation_seconds_sum") - allocationSecondsBefore;
        System.out.printf("  allocation transaction: mean %.2f ms over %.0f (retries included)%n",
                allocationSeconds * 1000 / allocations, allocations);
        duplicates(provisions);
        batches(metrics(http, base, "router_batch_size_bucket"), batchesBefore,
                metric(http, base, "router_batch_size_sum") - batchedBefore);

        List<Result> decommissions = run(clients, vms, (client, i) -> decommission(client, base, key, prefix, i));
        report("decommission", decommissions);
    }

    static Result provision(HttpClient http, URI base, String key, String prefix, int i) throws Exception {
        return request(http, base, key, "POST", "/v1/vms/provision",
                "{\"vm_name\": \"%s-%05d\", \"mac_address\": \"%s\"}".formatted(prefix, i, mac(i)));
    }

    static Result decommission(HttpClient http, URI base, String key, String prefix, int i) throws Exception {
        return request(http, base, key, "DELETE", "/v1/vms/%s-%05d".formatted(prefix, i), null);
    }

    /** The simulator's control endpoint (not part of the VyOS API). */
    record Simulator(HttpClient http, URI base, String key) {
        void commitLatency(long millis) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/simulator/control"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"%s\", \"commit_latency_ms\": %d}".formatted(key, millis)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("simulator control: " + response.body());
            }
        }
    }

    /** Commits during the phase and how many changes each carried, from the router.batch.size buckets. */
    static void batches(Map<String, Double> after, Map<String, Double> before, double changes) {
        StringBuilder sizes = new StringBuilder();
        double commits = 0;
        double below = 0;
        for (Map.Entry<String, Double> bucket : after.entrySet()) {
            double count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (count > below) {
                sizes.append(" ≤").append(bucket.getKey().replace(".0", "")).append(": ").append((long) (count - below)).append(';');
            }
            below = count;
            commits = count;
        }
        System.out.printf("  router commits: %.0f, mean batch %.1f changes; commits by batch size:%s%n",
                commits, changes / commits, sizes);
    }

    interface Call {
        Result call(HttpClient client, int index) throws Exception;
    }

    /**
     * A client of its own per worker: one JDK HttpClient does all its I/O on one selector thread,
     * which 64 workers would wait on in turn (measured: 64 answers took ~200 ms to turn into new requests).
     */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** One worker per client shares the N calls; each worker sends one request at a time. */
    static List<Result> run(List<HttpClient> clients, int count, Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Result> results = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (HttpClient client : clients) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    results.add(call.call(client, i));
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        results.add(new Result(-1, elapsed, null)); // the wall time rides along as a marker
        return results;
    }

    static Result request(HttpClient http, URI base, String key, String method, String path, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).header("X-API-Key", key)
                .timeout(Duration.ofMinutes(2));
        builder = body == null ? builder.method(method, HttpRequest.BodyPublishers.noBody())
                : builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Result(response.statusCode(), System.nanoTime() - start, response.body());
    }

    static void report(String what, List<Result> all) {
        Result wall = all.stream().filter(r -> r.status() == -1).findFirst().orElseThrow();
        List<Result> results = all.stream().filter(r -> r.status() != -1).toList();
        long[] latencies = results.stream().mapToLong(Result::nanos).sorted().toArray();
        Map<Integer, Integer> statuses = new TreeMap<>();
        results.forEach(r -> statuses.merge(r.status(), 1, Integer::sum));
        double seconds = wall.nanos() / 1e9;
        System.out.printf("%s: %d requests in %.2f s = %.1f/s; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " statuses %s%n", what, results.size(), seconds, results.size() / seconds,
                percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
                latencies[latencies.length - 1] / 1e6, statuses);
        results.stream().filter(r -> r.status() >= 300).limit(3).forEach(r -> System.out.println("  e.g. " + r.body()));
    }

    /** Every address, external port and rule block handed out must be distinct. */
    static void duplicates(List<Result> results) {
        Set<String> ips = new HashSet<>();
        Set<String> ports = new HashSet<>();
        Set<String> bases = new HashSet<>();
        int duplicates = 0;
        int created = 0;
        for (Result result : results) {
            if (result.status() != 201) {
                continue;
            }
            created++;
            Matcher ip = IP.matcher(result.body());
            Matcher portList = PORTS.matcher(result.body());
            Matcher base = BASE.matcher(result.body());
            if (!ip.find() || !portList.find() || !base.find()) {
                throw new IllegalStateException("unexpected answer " + result.body());
            }
            duplicates += ips.add(ip.group(1)) ? 0 : 1;
            duplicates += bases.add(base.group(1)) ? 0 : 1;
            for (String entry : portList.group(1).split(",")) {
                duplicates += ports.add(entry.substring(entry.indexOf(':') + 1)) ? 0 : 1;
            }
        }
        System.out.printf("  duplicates found: %d (among %d addresses, %d ports, %d rule blocks of %d VMs created)%n",
                duplicates, ips.size(), ports.size(), bases.size(), created);
    }

    static double metric(HttpClient http, URI base, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** The samples of a histogram by their "le" label, in ascending order ("+Inf" last). */
    static Map<String, Double> metrics(HttpClient http, URI base, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> samples = new TreeMap<>((a, b) -> Double.compare(bound(a), bound(b)));
        Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher("");
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") && le.reset(line).find()) {
                samples.put(le.group(1), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return samples;
    }

    static double bound(String le) {
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** A locally administered unicast MAC per index. */
    static String mac(int i) {
        return "02:00:%02x:%02x:%02x:%02x".formatted((i >> 24) & 0xff, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
    }
}
