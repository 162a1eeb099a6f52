package dev.vmnet.router;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** One /configure command as VyOS reads it: {"op":"set","path":[...],"value":"..."}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"op", "path", "value"})
@RegisterForReflection
public record RouterOp(String op, List<String> path, String value) {

    public RouterOp {
        path = List.copyOf(path);
    }

    public static RouterOp set(List<String> path, String value) {
        return new RouterOp("set", path, value);
    }

    /** A valueless leaf such as {@code disable}: VyOS wants no value field at all. */
    public static RouterOp set(List<String> path) {
        return new RouterOp("set", path, null);
    }

    public static RouterOp delete(List<String> path) {
        return new RouterOp("delete", path, null);
    }

    /** Leaves whose value is a key or a pre-shared secret (WireGuard, IPsec, pki). */
    private static final java.util.Set<String> SECRET_LEAVES = java.util.Set.of("private-key", "preshared-key", "pre-shared-secret",
            "secret", "key");

    /** A value that no log line or answer may repeat, such as a router's text quoting it. */
    public boolean secret() {
        return value != null && SECRET_LEAVES.contains(path.get(path.size() - 1));
    }

    @Override
    public String toString() {
        return op + " " + String.join(" ", path) + (value == null ? "" : " '" + (secret() ? "(secret)" : value) + "'");
    }
}
