package dev.vmnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the main sources, read from their imports: no cycle, and HTTP stays in the
 * {@code rest} packages (services, MCP tools and jobs never use one).
 */
class PackageGraphTest {

    private static final Pattern PACKAGE = Pattern.compile("^package (dev\\.vmnet[\\w.]*);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.vmnet(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

    /** Each package of the main sources and the packages of the service it imports. */
    private static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declared = PACKAGE.matcher(source);
                if (!declared.find()) {
                    continue;
                }
                Set<String> uses = graph.computeIfAbsent(declared.group(1), key -> new TreeSet<>());
                Matcher imported = IMPORT.matcher(source);
                while (imported.find()) {
                    if (!imported.group(1).equals(declared.group(1))) {
                        uses.add(imported.group(1));
                    }
                }
            }
        }
        return graph;
    }

    @Test
    void thePackageGraphHasNoCycle() throws IOException {
        Map<String, Set<String>> graph = graph();
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            walk(graph, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertEquals(List.of(), cycles);
    }

    /** Depth first from {@code path}'s last package; a path back to its first package is a cycle (each found once, from its smallest package). */
    private static void walk(Map<String, Set<String>> graph, String start, List<String> path, List<String> cycles) {
        for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (next.compareTo(start) > 0 && !path.contains(next)) {
                path.add(next);
                walk(graph, start, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    @Test
    void onlyRestPackagesUseRestPackages() throws IOException {
        List<String> crossings = new ArrayList<>();
        graph().forEach((user, used) -> used.stream()
                .filter(target -> target.endsWith(".rest") && !user.endsWith(".rest"))
                .forEach(target -> crossings.add(user + " -> " + target)));
        assertEquals(List.of(), crossings);
    }
}
