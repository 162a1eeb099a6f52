package dev.vmnet.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Key files the dev and test profiles make at first start (.dev-keys/, target/test-*-keys/) so
 * that what they sign or seal survives a restart. Production configures its own keys.
 */
public final class DevKeyFiles {

    private DevKeyFiles() {}

    /**
     * The files in {@code dir}, made together by {@code make} (file name to content) when {@code
     * marker} is missing. Each file is written whole or not at all.
     */
    public static synchronized String read(Path dir, String name, String marker, Supplier<Map<String, String>> make) {
        try {
            if (!Files.exists(dir.resolve(marker))) {
                Files.createDirectories(dir);
                for (var file : make.get().entrySet()) {
                    Path temporary = Files.createTempFile(dir, file.getKey(), ".tmp");
                    Files.writeString(temporary, file.getValue());
                    Files.move(temporary, dir.resolve(file.getKey()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
