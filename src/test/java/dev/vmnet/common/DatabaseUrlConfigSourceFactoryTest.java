package dev.vmnet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlConfigSourceFactoryTest {

    @Test
    void theSpecsUrlBecomesReactiveAndJdbcUrlsWithCredentials() {
        assertEquals(Map.of(
                        "quarkus.datasource.reactive.url", "postgresql://db.internal:6543/vms?sslmode=require",
                        "quarkus.datasource.jdbc.url", "jdbc:postgresql://db.internal:6543/vms?sslmode=require",
                        "quarkus.datasource.username", "vmnet",
                        "quarkus.datasource.password", "p@ss:w/rd"),
                DatabaseUrlConfigSourceFactory.toDatasourceProperties(
                        "postgresql://vmnet:p%40ss%3Aw%2Frd@db.internal:6543/vms?sslmode=require"));
    }

    @Test
    void otherSpellingsOfThePostgresSchemeWork() {
        for (String url : new String[] {"postgres://u@h/db", "postgresql+asyncpg://u@h/db", "jdbc:postgresql://u@h/db"}) {
            Map<String, String> properties = DatabaseUrlConfigSourceFactory.toDatasourceProperties(url);
            assertEquals("postgresql://h:5432/db", properties.get("quarkus.datasource.reactive.url"), url);
            assertEquals("u", properties.get("quarkus.datasource.username"), url);
        }
    }

    @Test
    void anythingElseIsRefusedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabaseUrlConfigSourceFactory.toDatasourceProperties("mysql://root:secret@h/db"));
        assertEquals("DATABASE_URL must be a PostgreSQL URL (postgresql://user:pass@host:port/db)", e.getMessage());
    }
}
