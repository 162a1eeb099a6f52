package dev.vmnet.virtualbox;

import dev.vmnet.virtualbox.driver.VBoxError;
import dev.vmnet.virtualbox.driver.VBoxException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs VBoxManage as a process, on worker threads (never the event loop): LANG and LC_ALL set to
 * C.UTF-8 (§1: other locales translate, and LANG=C gave empty output on 7.0.8), a timeout per
 * command, stdout and stderr kept apart. A session-lock refusal (§19) is tried again with
 * back-off; any other failure is a {@link VBoxException} with the parsed error lines.
 */
@ApplicationScoped
public class VBoxManage {

    private static final Logger LOG = Logger.getLogger(VBoxManage.class);

    private final VirtualBoxConfig config;
    private final Semaphore processes;

    public VBoxManage(VirtualBoxConfig config) {
        this.config = config;
        this.processes = new Semaphore(Math.max(1, config.maxProcesses()));
    }

    /** What a command printed, and its exit code. */
    public record Output(int exitCode, String stdout, String stderr) {

        /** §1: an exit code of 0 with an error line on stderr is a failure too. */
        public boolean failed() {
            return exitCode != 0 || VBoxError.hasError(stderr);
        }
    }

    /** Runs {@code args}; a failure (after the lock retries) is a {@link VBoxException}. */
    public Uni<Output> run(List<String> args) {
        return attempt(args).map(output -> {
                    if (output.failed()) {
                        throw new VBoxException(args, VBoxError.parse(output.exitCode(), output.stderr()));
                    }
                    return output;
                })
                .onFailure(VBoxException::isLocked).retry()
                .withBackOff(config.lockBackoff(), config.lockBackoff().multipliedBy(8))
                .atMost(config.lockRetries());
    }

    public Uni<Output> run(String... args) {
        return run(List.of(args));
    }

    /** Runs {@code args} once and answers whatever it printed, failure or not (no retries). */
    public Uni<Output> attempt(List<String> args) {
        return Uni.createFrom().item(() -> execute(args)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Output execute(List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(config.manage());
        command.addAll(args);
        Path out = null;
        Path err = null;
        processes.acquireUninterruptibly();
        try {
            out = Files.createTempFile("vboxmanage-", ".out");
            err = Files.createTempFile("vboxmanage-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    // files, not pipes: a child the command leaves running (a VM process) cannot hold them open
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> environment = builder.environment();
            environment.put("LANG", "C.UTF-8");
            environment.put("LC_ALL", "C.UTF-8");
            config.userHome().ifPresent(home -> environment.put("VBOX_USER_HOME", home));
            long started = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw VBoxException.timedOut(args, config.commandTimeout().toSeconds());
            }
            Output output = new Output(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            LOG.debugf("VBoxManage %s: exit %d in %d ms", args.get(0), output.exitCode(), (System.nanoTime() - started) / 1_000_000);
            return output;
        } catch (IOException e) {
            throw VBoxException.notStarted(args, "VBoxManage could not be run (" + config.manage() + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VBoxException.notStarted(args, "Interrupted while VBoxManage " + args.get(0) + " ran");
        } finally {
            processes.release();
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debugf("Could not delete %s: %s", file, e.getMessage());
            }
        }
    }
}
