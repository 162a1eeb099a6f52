package dev.vmnet.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A WebSocket client (the JDK's) that keeps every message it gets and how the server closed. */
public final class StreamClient implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    public StreamClient(URI uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).get(5, TimeUnit.SECONDS);
    }

    public StreamClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** The next message after the {@code seen} first ones. */
    public JsonNode awaitMessage(int seen) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() > seen);
        return messages.get(seen);
    }

    public List<JsonNode> events() {
        return messages.stream().filter(message -> message.path("type").asText().equals("event")).map(message -> message.get("event"))
                .toList();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
