package dev.vmnet.events;

import dev.vmnet.common.ApiException;
import java.util.List;

/**
 * Event patterns, as integrations' {@code config.events} and stream subscriptions have them:
 * {@code *}, {@code vm.*}, {@code *.failure} or an exact type such as {@code vpn.create}.
 */
public final class EventPatterns {

    private static final String TOKEN = "[a-z][a-z0-9_]{0,39}";

    private EventPatterns() {}

    public static boolean matches(List<String> patterns, String type) {
        return patterns == null || patterns.stream().anyMatch(pattern -> matches(pattern, type));
    }

    static boolean matches(String pattern, String type) {
        if (pattern.equals("*") || pattern.equals(type)) {
            return true;
        }
        int dot = type.indexOf('.');
        return pattern.endsWith(".*") && pattern.regionMatches(0, type, 0, dot + 1) && pattern.length() == dot + 2
                || pattern.startsWith("*.") && type.substring(dot).equals(pattern.substring(1));
    }

    /** 422 naming {@code field} unless each is a pattern; at most 50. */
    public static List<String> validate(String field, List<String> patterns) {
        if (patterns.size() > 50) {
            throw new ApiException(422, "INVALID_EVENTS", field + " has more than 50 patterns");
        }
        for (String pattern : patterns) {
            if (pattern == null || !pattern.matches("\\*|(\\*|" + TOKEN + ")\\.(\\*|" + TOKEN + ")")) {
                throw new ApiException(422, "INVALID_EVENTS", field + " has '" + pattern
                        + "', which is not an event pattern (*, vm.*, *.failure, vpn.create)");
            }
        }
        return List.copyOf(patterns);
    }

    /** A rule's event_type or resource_type: * or one name. */
    public static String validateName(String field, String value) {
        if (value == null || !value.matches("\\*|" + TOKEN)) {
            throw new ApiException(422, "INVALID_" + field.toUpperCase(), field + " must be * or a name such as "
                    + (field.equals("event_type") ? "create" : "vm"));
        }
        return value;
    }
}
