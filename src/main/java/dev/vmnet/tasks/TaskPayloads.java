package dev.vmnet.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.common.ApiException;
import dev.vmnet.notifications.TargetGuard;
import dev.vmnet.provisioning.Identifiers;
import dev.vmnet.provisioning.PortAction;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What each task type's payload must be, checked at create time so that a task never fails at
 * run time for a payload that could not work. Each check answers the payload as it is stored.
 */
public final class TaskPayloads {

    public static final Set<String> TYPES = Set.of("backup", "reconcile", "decommission", "port_action");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskPayloads() {}

    /** A backup target: a directory under BACKUP_FILE_ROOT, or an http(s) URL that takes a PUT. */
    public record Target(Path directory, URI url) {}

    public static ObjectNode check(String type, JsonNode payload, Optional<Path> backupRoot) {
        if (type == null || !TYPES.contains(type)) {
            throw invalid("INVALID_TASK_TYPE", "task_type must be one of: backup, decommission, port_action, reconcile");
        }
        if (payload == null || !payload.isObject()) {
            throw invalid("INVALID_PAYLOAD", "payload must be an object");
        }
        ObjectNode checked = JsonNodeFactory.instance.objectNode();
        switch (type) {
            case "backup" -> {
                only(payload, "target");
                checked.put("target", text(payload, "target", true));
                // a pre-signed URL is a credential: kept as a secret, referred to as {{secret:<id>}}, it is checked when it runs
                if (!checked.get("target").asText().matches("\\{\\{secret:\\d{1,18}}}")) {
                    target(checked.get("target").asText(), backupRoot);
                }
            }
            case "reconcile" -> {
                only(payload, "mode");
                String mode = text(payload, "mode", true);
                if (!mode.equals("report") && !mode.equals("repair")) {
                    throw invalid("INVALID_PAYLOAD", "payload.mode must be report or repair");
                }
                checked.put("mode", mode);
            }
            case "decommission" -> {
                only(payload, "machine_id");
                checked.put("machine_id", machineId(payload));
            }
            default -> {
                only(payload, "machine_id", "action", "ports");
                checked.put("machine_id", machineId(payload));
                checked.put("action", action(payload).wire());
                if (payload.hasNonNull("ports")) {
                    if (!payload.get("ports").isArray() || payload.get("ports").isEmpty()) {
                        throw invalid("INVALID_PAYLOAD", "payload.ports must be a list of port names (absent: every port)");
                    }
                    for (JsonNode port : payload.get("ports")) {
                        if (!port.isTextual()) {
                            throw invalid("INVALID_PAYLOAD", "payload.ports must be a list of port names");
                        }
                    }
                    checked.set("ports", payload.get("ports"));
                }
            }
        }
        return checked;
    }

    /**
     * Where a backup goes. A file:// directory must be absolute and inside BACKUP_FILE_ROOT with no
     * ".." (links are checked when the file is written); s3:// needs an S3 client, which this build
     * does not have: a pre-signed https URL does the same with a PUT.
     */
    public static Target target(String target, Optional<Path> backupRoot) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (Exception e) {
            throw invalid("INVALID_TARGET", "payload.target is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file" -> {
                if (backupRoot.isEmpty()) {
                    throw invalid("BACKUP_FILE_ROOT_NOT_SET", "file:// backup targets need BACKUP_FILE_ROOT, the directory they must be in");
                }
                if (uri.getAuthority() != null || uri.getPath() == null || !uri.getPath().startsWith("/") || uri.getQuery() != null) {
                    throw invalid("INVALID_TARGET", "payload.target must be file:///<absolute directory>");
                }
                Path directory = Path.of(uri.getPath());
                Path root = backupRoot.get().toAbsolutePath().normalize();
                boolean climbs = false;
                for (Path part : directory) {
                    climbs |= part.toString().equals("..") || part.toString().equals(".");
                }
                if (climbs || !directory.normalize().startsWith(root)) {
                    throw invalid("TARGET_NOT_ALLOWED", "payload.target must be a directory inside BACKUP_FILE_ROOT (" + root + ")");
                }
                return new Target(directory.normalize(), null);
            }
            case "http", "https" -> {
                return new Target(null, TargetGuard.parse("payload.target", target));
            }
            case "s3" -> throw invalid("S3_NOT_SUPPORTED", "s3:// targets are not supported (no S3 client library in this build):"
                    + " use a pre-signed https:// URL, which takes the backup with a PUT");
            default -> throw invalid("INVALID_TARGET", "payload.target must be a file://, http:// or https:// URL");
        }
    }

    public static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored task payload is not JSON", e);
        }
    }

    /** The port action of a port_action payload. */
    public static PortAction action(JsonNode payload) {
        String action = text(payload, "action", true);
        for (PortAction known : PortAction.values()) {
            if (known.wire().equals(action)) {
                return known;
            }
        }
        throw invalid("INVALID_PAYLOAD", "payload.action must be one of: create, delete, disable, enable, pause");
    }

    /** The ports of a port_action payload; null for every port. */
    public static List<String> ports(JsonNode payload) {
        if (!payload.hasNonNull("ports")) {
            return null;
        }
        List<String> ports = new ArrayList<>();
        payload.get("ports").forEach(port -> ports.add(port.asText()));
        return ports;
    }

    private static String machineId(JsonNode payload) {
        String machineId = text(payload, "machine_id", true);
        if (!Identifiers.isName(machineId)) {
            throw invalid("INVALID_PAYLOAD", "payload.machine_id must be a VM name (1-63 letters, digits and inner hyphens)");
        }
        return machineId;
    }

    private static String text(JsonNode payload, String field, boolean required) {
        JsonNode value = payload.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid("INVALID_PAYLOAD", "payload." + field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > 2048) {
            throw invalid("INVALID_PAYLOAD", "payload." + field + " must be a text of at most 2048 characters");
        }
        return value.asText();
    }

    private static void only(JsonNode payload, String... fields) {
        Set<String> allowed = Set.of(fields);
        for (Iterator<String> names = payload.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid("INVALID_PAYLOAD", "payload." + name + " is not a field of this task type (it takes " + String.join(", ",
                        fields) + ")");
            }
        }
    }

    private static ApiException invalid(String code, String detail) {
        return ApiException.unprocessable(code, detail);
    }
}
