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
}
