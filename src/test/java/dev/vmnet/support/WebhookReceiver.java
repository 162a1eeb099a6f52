package dev.vmnet.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that takes webhooks: it keeps each request (headers by lower-case
 * name, body) and answers {@link #status}, 200 unless a test says otherwise (503 to be "down",
 * 302 with {@link #location} to redirect). {@link #stop} closes the port altogether.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String path, Map<String, String> headers, String body, String method, String query) {

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public volatile int status = 200;
    public volatile String location;
    private HttpServer server;
    private int port;

    public static WebhookReceiver start() {
        WebhookReceiver receiver = new WebhookReceiver();
        receiver.listen(0);
        return receiver;
    }

    private void listen(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int answer = status;
            received.add(new Received(exchange.getRequestURI().getPath(), headers, body, exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawQuery()));
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Closes the port: connections are refused until {@link #restart}. */
    public void stop() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    public void restart() {
        listen(port);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
