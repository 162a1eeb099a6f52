package dev.vmnet.common;

/** Java names to the snake_case names of the JSON API. */
public final class Naming {

    private Naming() {}

    public static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
