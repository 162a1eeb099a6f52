package dev.vmnet.virtualbox;

import dev.vmnet.common.ApiException;
import dev.vmnet.virtualbox.driver.VBoxException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure of spec 004's API, in its words: one of its error codes ({@code vm_not_found},
 * {@code invalid_state}, ...), a message, and details (the VM, the state, VirtualBox's own error
 * text). Answered as {"status": "error", "error": {code, message, details}}.
 */
public class MachineProblem extends ApiException {

    private final Map<String, Object> details;

    public MachineProblem(int status, String code, String message, Map<String, Object> details) {
        super(status, code, message);
        this.details = details;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static MachineProblem invalidRequest(String message) {
        return new MachineProblem(400, "invalid_request", message, Map.of());
    }

    public static MachineProblem invalidRequest(String message, String field) {
        return new MachineProblem(400, "invalid_request", message, Map.of("field", field));
    }

    public static MachineProblem vmNotFound(String vm) {
        return new MachineProblem(404, "vm_not_found", "The specified VM was not found", Map.of("vm_id", vm));
    }

    public static MachineProblem notFound(String message, String what, String value) {
        return new MachineProblem(404, "not_found", message, Map.of(what, value));
    }

    public static MachineProblem invalidState(String message, String vm, String state) {
        return new MachineProblem(409, "invalid_state", message, details(vm, state));
    }

    public static MachineProblem notRunning(String vm, String state) {
        return new MachineProblem(409, "vm_not_running", "The VM is not running", details(vm, state));
    }

    public static MachineProblem alreadyRunning(String vm, String state) {
        return new MachineProblem(409, "vm_already_running", "The VM is already running", details(vm, state));
    }

    public static MachineProblem insufficient(String message, String limit, Object value) {
        return new MachineProblem(507, "insufficient_resources", message, Map.of(limit, value));
    }

    public static MachineProblem unavailable(String reason) {
        return new MachineProblem(503, "service_unavailable", reason, Map.of());
    }

    /**
     * VirtualBox refused or failed: its first error lines go in {@code details.virtualbox} (never a
     * stack trace); a timeout is a 504, the rest a 500, both {@code operation_failed}.
     */
    public static MachineProblem failed(String vm, VBoxException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (vm != null) {
            details.put("vm_id", vm);
        }
        details.put("command", e.subcommand());
        details.put("virtualbox", e.getMessage());
        if (e.error() != null && e.error().codeName() != null) {
            details.put("virtualbox_code", e.error().codeName());
        }
        return new MachineProblem(e.timedOut() ? 504 : 500, "operation_failed", "The operation failed", details);
    }

    private static Map<String, Object> details(String vm, String state) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("vm_id", vm);
        if (state != null) {
            details.put("state", state);
        }
        return details;
    }
}
