package dev.vmnet.virtualbox;

import dev.vmnet.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A VM's serial console for the WebSocket's console_connect. Each VM made here has its first
 * serial port as a TCP server on a loopback port (modifyvm --uartmode1 tcpserver, at create time);
 * while the VM runs, VirtualBox listens there. The relay connects to it and copies bytes both
 * ways. Opening a console needs the right to change the VM: it is the VM's keyboard.
 */
@ApplicationScoped
public class ConsoleRelay {

    private final Machines machines;
    private final NetClient client;

    public ConsoleRelay(Machines machines, Vertx vertx) {
        this.machines = machines;
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5000));
    }

    /** An open console, paused until {@link #start}: write input to it, close it when the client leaves. */
    public record Console(String vmId, int port, NetSocket socket) {

        /** {@code output} gets what the guest writes, as text, from now on; {@code closed} runs when the console ends. */
        public void start(Consumer<String> output, Runnable closed) {
            Utf8Stream text = new Utf8Stream();
            socket.handler(bytes -> {
                String decoded = text.decode(bytes.getBytes());
                if (!decoded.isEmpty()) {
                    output.accept(decoded);
                }
            });
            socket.closeHandler(ignored -> closed.run());
            socket.resume();
        }

        public void write(String input) {
            socket.write(input);
        }

        public void close() {
            socket.close();
        }
    }

    /** Connects to {@code vm}'s console. */
    public Uni<Console> open(Caller caller, String vm) {
        return machines.resolve(caller, vm, true).chain(target -> machines.info(target.uuid()).chain(info -> {
            if (target.known() == null || target.known().consolePort() == null) {
                throw MachineProblem.invalidState("The VM has no console: it was not created through this service", target.uuid(), info.state());
            }
            if (!MachineView.running(info.state())) {
                throw MachineProblem.notRunning(target.uuid(), info.state());
            }
            int port = target.known().consolePort();
            return Uni.createFrom().completionStage(() -> client.connect(port, "127.0.0.1").toCompletionStage())
                    .onFailure().transform(e -> new MachineProblem(502, "operation_failed", "The VM's console did not answer",
                            Map.of("vm_id", target.uuid(), "console_port", port)))
                    .map(socket -> new Console(target.uuid(), port, socket.pause()));
        }));
    }
}
