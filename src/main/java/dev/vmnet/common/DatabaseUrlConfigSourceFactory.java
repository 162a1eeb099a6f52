package dev.vmnet.common;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Keeps the spec's {@code DATABASE_URL=postgresql://user:pass@host:port/db} working: it becomes the
 * reactive URL, the JDBC URL (Flyway migrates over JDBC) and the credentials. Its ordinal sits
 * above application.properties and below environment variables, so an explicit
 * {@code QUARKUS_DATASOURCE_*} variable still wins.
 */
public class DatabaseUrlConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 275;
    /** The environment variable the spec names. */
    public static final String VARIABLE = "DATABASE_URL";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue(VARIABLE);
        if (value == null || value.getValue() == null || value.getValue().isBlank()) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(toDatasourceProperties(value.getValue()), VARIABLE, ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** Accepts postgres://, postgresql://, postgresql+driver:// and jdbc:postgresql:// forms. */
    static Map<String, String> toDatasourceProperties(String databaseUrl) {
        String raw = databaseUrl.trim();
        if (raw.startsWith("jdbc:")) {
            raw = raw.substring("jdbc:".length());
        }
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().replaceFirst("\\+.*$", "");
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must be a PostgreSQL URL (postgresql://user:pass@host:port/db)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host (postgresql://user:pass@host:port/db)");
        }
        String location = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432)
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.datasource.reactive.url", "postgresql://" + location);
        properties.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + location);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            properties.put("quarkus.datasource.username", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                properties.put("quarkus.datasource.password", decode(userInfo.substring(colon + 1)));
            }
        }
        return properties;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
