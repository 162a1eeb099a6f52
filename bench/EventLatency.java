import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Event delivery benchmark: a webhook receiver on loopback, an integration for vm.create, then N
 * provisions with C clients. For each VM it measures the time from the provision's answer to its
 * webhook's arrival, and the delivery throughput. The service must allow private targets
 * (INTEGRATIONS_ALLOW_PRIVATE_TARGETS=true) and have a master key; bench/events.sh starts it so.
 *
 *   java bench/EventLatency.java --url http://127.0.0.1:8810 --key KEY --vms 1000 --clients 32
 */
public class EventLatency {

    private static final Pattern RESOURCE = Pattern.compile("\"resource_id\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--url", "http://127.0.0.1:8810", "--key", "bench-key",
                "--vms", "1000", "--clients", "32"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String url = options.get("--url");
        String key = options.get("--key");
        int vms = Integer.parseInt(options.get("--vms"));
        int clients = Integer.parseInt(options.get("--clients"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Map<String, Long> arrived = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes());
            Matcher vm = RESOURCE.matcher(body);
            if (vm.find()) {
                arrived.putIfAbsent(vm.group(1), System.nanoTime());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        String user = "bench-" + System.currentTimeMillis();
        send(http, url, "POST", "/v1/auth/users/", key, "{\"username\": \"" + user + "\", \"password\": \"bench-strongpass\", \"roles\": [\"admin\"]}");
        Matcher created = Pattern.compile("\"api_key\":\"([^\"]+)\"").matcher(send(http, url, "POST", "/v1/admin/api-keys", key,
                "{\"username\": \"" + user + "\"}"));
        created.find();
        send(http, url, "POST", "/v1/integrations/", created.group(1), "{\"name\": \"bench\", \"target\": \"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/\", \"config\": {\"events\": [\"vm.create\"]}}");

        Map<String, Long> answered = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < vms; i++) {
            String name = "ev-" + i;
            String mac = "02:ee:%02x:%02x:%02x:01".formatted(i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff);
            calls.add(pool.submit(() -> {
                send(http, url, "POST", "/v1/vms/provision", key, "{\"vm_name\": \"" + name + "\", \"mac_address\": \"" + mac + "\"}");
                answered.put(name, System.nanoTime());
                return null;
            }));
        }
        for (Future<?> call : calls) {
            call.get();
        }
        long provisioned = System.nanoTime();
        while (arrived.size() < vms && System.nanoTime() - provisioned < Duration.ofMinutes(2).toNanos()) {
            Thread.sleep(20);
        }
        long delivered = System.nanoTime();
        List<Long> latencies = new ArrayList<>();
        answered.forEach((vm, at) -> {
            Long came = arrived.get(vm);
            if (came != null) {
                latencies.add(Math.max(0, came - at));
            }
        });
        Collections.sort(latencies);
        System.out.printf("%d provisions in %.1f s (%.0f/s); %d webhooks, the last %.2f s after the last answer%n", vms,
                (provisioned - started) / 1e9, vms / ((provisioned - started) / 1e9), arrived.size(), (delivered - provisioned) / 1e9);
        System.out.printf("answer -> webhook: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms; deliveries %.0f/s%n", percentile(latencies, 50),
                percentile(latencies, 90), percentile(latencies, 99), percentile(latencies, 100),
                arrived.size() / ((delivered - started) / 1e9));
        pool.shutdown();
        receiver.stop(0);
        for (int i = 0; i < vms; i++) {
            send(http, url, "DELETE", "/v1/vms/ev-" + i, key, null);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1_000_000;
    }

    private static String send(HttpClient http, String url, String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("X-API-Key", key)
                .timeout(Duration.ofMinutes(2));
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
