package dev.vmnet.router.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.router.VyosDialect.Version;
import dev.vmnet.router.simulator.SimulatedRouter.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulator's boot config on disk, as /config/config.boot is a router's: /config-file save
 * writes it, the simulator reads it when it starts. The file is
 * {@code {"version": "1.4", "config": <the whole tree as showConfig renders it>}}; the version keeps
 * a tree of one schema out of a simulator of another (VyOS would migrate it; the simulator does not).
 * Blocking IO: callers keep it off the event loop.
 */
final class BootConfigFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final Version version;

    BootConfigFile(Path path, Version version) {
        this.path = path;
        this.version = version;
    }

    Path path() {
        return path;
    }

    /**
     * The set commands that rebuild the saved tree; empty when no file was saved yet.
     *
     * @throws IOException when the file cannot be read or is not a boot config of this version
     */
    Optional<List<Command>> read() throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        JsonNode file = JSON.readTree(path.toFile());
        if (file == null || !file.path("version").isTextual() || !file.path("config").isObject()) {
            throw new IOException("not a simulator boot config {\"version\": ..., \"config\": {...}}");
        }
        if (!file.get("version").asText().equals(version.toString())) {
            throw new IOException("written by the VyOS " + file.get("version").asText() + " simulator, this one is " + version);
        }
        List<Command> commands = new ArrayList<>();
        commands(List.of(), file.get("config"), commands);
        return Optional.of(commands);
    }

    /** Writes {@code config} to a temporary file next to the boot config, then moves it over: a reader sees the old or the new file whole. */
    void write(ConfigNode config) throws IOException {
        ObjectNode file = JSON.createObjectNode().put("version", version.toString());
        file.set("config", config.toJson());
        Path directory = path.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve(path.getFileName() + ".tmp");
        Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(file));
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Rendered JSON back to set commands: a string or list is a leaf's values, {} a valueless leaf (or
     * an empty node: the schema tells them apart when the commands are applied).
     */
    private static void commands(List<String> path, JsonNode node, List<Command> into) throws IOException {
        if (node.isTextual()) {
            into.add(new Command("set", path, node.asText()));
        } else if (node.isArray()) {
            for (JsonNode value : node) {
                if (!value.isTextual()) {
                    throw new IOException("a value of [" + String.join(" ", path) + "] is not a string");
                }
                into.add(new Command("set", path, value.asText()));
            }
        } else if (node.isObject() && node.isEmpty() && !path.isEmpty()) {
            into.add(new Command("set", path, null));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                List<String> childPath = new ArrayList<>(path);
                childPath.add(child.getKey());
                commands(childPath, child.getValue(), into);
            }
        } else {
            throw new IOException("[" + String.join(" ", path) + "] is " + node.getNodeType());
        }
    }
}
