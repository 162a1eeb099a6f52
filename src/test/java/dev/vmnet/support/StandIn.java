package dev.vmnet.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.virtualbox.driver.VBoxOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The VBoxManage stand-in (tools/vboxmanage) as the tests' VirtualBox: its state folder (the test
 * profile's VBOX_USER_HOME), its control file (faults, delays, version) and its log of every
 * invocation, and commands run on it directly, as an operator beside the service would.
 */
public final class StandIn {

    public static final Path EXECUTABLE = Path.of("tools/vboxmanage/VBoxManage");
    public static final Path HOME = Path.of("target/vbox/home");
    public static final Path MEDIA = Path.of("target/vbox/media");
    private static final ObjectMapper JSON = new ObjectMapper();

    private StandIn() {}

    /** One logged invocation. */
    public record Call(List<String> argv, long startMs, long endMs, int exit, String vm) {

        public String command() {
            return argv.isEmpty() ? "" : argv.get(0);
        }
    }

    /** Every VM powered off and deleted, the folder, control file and log emptied. */
    public static void reset() {
        control(Map.of());
        for (VBoxOutput.Named vm : VBoxOutput.vms(run("list", "vms").stdout())) {
            run("controlvm", vm.uuid(), "poweroff");
            run("unregistervm", vm.uuid(), "--delete");
        }
        delete(HOME);
        delete(MEDIA);
        try {
            Files.createDirectories(HOME);
            Files.createDirectories(MEDIA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes standin.json: version, delay_ms per command, faults, unlock_delay_ms, acpi_shutdown_delay_ms. */
    public static void control(Map<String, ?> settings) {
        try {
            Files.createDirectories(HOME);
            Files.writeString(HOME.resolve("standin.json"), JSON.writeValueAsString(settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Call> log() {
        Path log = HOME.resolve("standin.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            List<Call> calls = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                List<String> argv = new ArrayList<>();
                node.get("argv").forEach(arg -> argv.add(arg.asText()));
                calls.add(new Call(argv, node.get("start_ms").asLong(), node.get("end_ms").asLong(), node.get("exit").asInt(),
                        node.path("vm").isNull() ? null : node.path("vm").asText()));
            }
            return calls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The logged calls that change something (list, showvminfo and --version left out), as "command args...". */
    public static List<String> changes() {
        return log().stream().filter(call -> !List.of("list", "showvminfo", "--version").contains(call.command())
                        && !(call.command().equals("snapshot") && call.argv().contains("list")))
                .map(call -> String.join(" ", call.argv())).toList();
    }

    public static void clearLog() {
        try {
            Files.deleteIfExists(HOME.resolve("standin.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Result(int exit, String stdout, String stderr) {}

    /** Runs the stand-in as the service would (same VBOX_USER_HOME and locale). */
    public static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(EXECUTABLE.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("standin", ".out");
            Path err = Files.createTempFile("standin", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("VBOX_USER_HOME", HOME.toString());
            builder.environment().put("LANG", "C.UTF-8");
            int exit = builder.start().waitFor();
            Result result = new Result(exit, Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The files under {@code folder} (the VMs' folders, the media root), as paths relative to it. */
    public static List<String> files(Path folder) {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(path -> folder.relativize(path).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
