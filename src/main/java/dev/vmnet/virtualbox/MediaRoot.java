package dev.vmnet.virtualbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Confines the media a caller names to VBOX_MEDIA_ROOT: a caller must never attach a host file it
 * chooses. The text is refused if it climbs out ({@code ..}) or is absolute elsewhere; then the real
 * path, links followed, must still be inside the root's real path (a link inside pointing out is
 * refused too). Blocking file checks: callers run this on a worker thread.
 */
@ApplicationScoped
public class MediaRoot {

    private final VirtualBoxConfig config;

    public MediaRoot(VirtualBoxConfig config) {
        this.config = config;
    }

    /** A checked medium: its real path, and whether the file is there. */
    public record Medium(Path path, boolean exists, String format) {}

    public Medium confine(String medium, String type) {
        String root = config.mediaRoot().orElseThrow(() -> MachineProblem.invalidRequest(
                "Media are attached by path only inside VBOX_MEDIA_ROOT, which is not set on this service", "medium"));
        if (medium == null || medium.isBlank() || medium.length() > 1024 || medium.chars().anyMatch(Character::isISOControl)) {
            throw outside();
        }
        Path rootReal;
        try {
            Files.createDirectories(Path.of(root));
            rootReal = Path.of(root).toRealPath();
        } catch (IOException | InvalidPathException e) {
            throw MachineProblem.unavailable("VBOX_MEDIA_ROOT cannot be used: " + e.getMessage());
        }
        Path asked;
        try {
            asked = Path.of(medium);
        } catch (InvalidPathException e) {
            throw outside();
        }
        for (Path part : asked) {
            if (part.toString().equals("..")) {
                throw outside();
            }
        }
        Path rootAbsolute = Path.of(root).toAbsolutePath().normalize();
        Path full = asked.isAbsolute() ? asked.normalize() : rootReal.resolve(asked).normalize();
        if (asked.isAbsolute() && !full.startsWith(rootAbsolute) && !full.startsWith(rootReal)) {
            throw outside();
        }
        String format = format(full, type);
        try {
            if (Files.exists(full)) {
                Path real = full.toRealPath();
                if (!real.startsWith(rootReal) || !Files.isRegularFile(real)) {
                    throw outside();
                }
                return new Medium(real, true, format);
            }
            if (Files.isSymbolicLink(full)) {
                // a dangling link: creating the disk would write wherever it points
                throw outside();
            }
            Path parent = full.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw MachineProblem.invalidRequest("The folder of medium does not exist under VBOX_MEDIA_ROOT", "medium");
            }
            Path parentReal = parent.toRealPath();
            if (!parentReal.startsWith(rootReal)) {
                throw outside();
            }
            return new Medium(parentReal.resolve(full.getFileName()), false, format);
        } catch (IOException e) {
            throw outside();
        }
    }

    /** VDI, VMDK or VHD by extension for a disk (createmedium would append .vdi to a name without one, §12); ISO for a DVD. */
    private static String format(Path file, String type) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (type.equals("dvd")) {
            if (!extension.equals("iso")) {
                throw MachineProblem.invalidRequest("A DVD medium is an .iso file", "medium");
            }
            return "ISO";
        }
        return switch (extension) {
            case "vdi" -> "VDI";
            case "vmdk" -> "VMDK";
            case "vhd" -> "VHD";
            default -> throw MachineProblem.invalidRequest("A disk medium is a .vdi, .vmdk or .vhd file", "medium");
        };
    }

    private static MachineProblem outside() {
        return MachineProblem.invalidRequest("medium must name a file inside VBOX_MEDIA_ROOT", "medium");
    }
}
