package dev.vmnet.virtualbox.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for VBoxManage's human-format outputs: list, --version, showmediuminfo, createvm (docs/virtualbox.md). */
public final class VBoxOutput {

    /** §3: {@code "%ls" {%s}}; the name is not escaped, so it runs up to the last quote before the braces. */
    private static final Pattern VM_LINE = Pattern.compile("^\"(.*)\" \\{([0-9a-fA-F-]+)\\}\\s*$");

    /** §2: {@code <major>.<minor>.<build>[_suffix]r<revision>}, e.g. 7.0.14_Ubuntur161095. */
    private static final Pattern FULL_VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)\\S*r\\d+$");
    private static final Pattern VERSION_START = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private static final Pattern UUID = Pattern.compile(
            "\\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\}?");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^(-?\\d+)");

    private VBoxOutput() {
    }

    /** A VM of {@code list vms}/{@code list runningvms}; an inaccessible VM is named {@code <inaccessible>}. */
    public record Named(String name, String uuid) {
    }

    /**
     * {@code list hostinfo} (§4).
     *
     * @param cpus "Processor online count", else "Processor count"
     */
    public record HostInfo(String os, String osVersion, int cpus, long memoryMb, long memoryAvailableMb) {
    }

    /** A guest OS type of {@code list ostypes} (§5). */
    public record OsType(String id, String description, String familyId, boolean is64Bit) {
    }

    /**
     * {@code --version} (§2).
     *
     * @param build the third number (14 in 7.0.14), 0 if the version has only two
     * @param raw the whole line, e.g. "7.0.14_Ubuntur161095"
     */
    public record Version(int major, int minor, int build, String raw) {
    }

    /**
     * A medium of {@code list hdds} or {@code showmediuminfo} (§7).
     *
     * @param parentUuid null for a base medium ("Parent UUID: base")
     * @param type e.g. "normal (base)", "normal (differencing)", "immutable"
     * @param capacityMb Capacity, floored MB; 0 if the line is missing
     * @param sizeOnDiskMb Size on disk, floored MB; null in the short {@code list hdds} form
     */
    public record Medium(
            String uuid, String parentUuid, String state, String type, String location, String format, long capacityMb,
            Long sizeOnDiskMb) {
    }

    /** {@code list vms} or {@code list runningvms} (§3), in printed order; lines of another form are skipped. */
    public static List<Named> vms(String listVmsOutput) {
        List<Named> vms = new ArrayList<>();
        for (String line : MachineReadable.lines(listVmsOutput)) {
            Matcher m = VM_LINE.matcher(line);
            if (m.matches()) {
                vms.add(new Named(m.group(1), m.group(2)));
            }
        }
        return List.copyOf(vms);
    }

    /**
     * {@code list hostinfo} (§4).
     *
     * @throws IllegalArgumentException if the processor count or a memory line is missing
     */
    public static HostInfo hostInfo(String output) {
        Map<String, String> fields = fields(output);
        Long online = number(fields.get("Processor online count"));
        Long count = number(fields.get("Processor count"));
        Long cpus = online != null && online > 0 ? online : count;
        if (cpus == null) {
            throw new IllegalArgumentException("list hostinfo output has no Processor count line");
        }
        return new HostInfo(
                fields.get("Operating system"),
                fields.get("Operating system version"),
                cpus.intValue(),
                requiredNumber(fields, "Memory size", "list hostinfo"),
                requiredNumber(fields, "Memory available", "list hostinfo"));
    }

    /**
     * {@code list ostypes} in every format §5 names: 7.0's blocks ({@code ID:}, {@code Description:},
     * {@code Family ID:}, {@code 64 bit:}), 7.1's ({@code ID / Description: <Id> -- <Description>},
     * {@code Family: <FamilyId> [/ <Subtype>] (<FamilyDesc>)}, {@code Architecture: x86 (64-bit)}) and 7.1's
     * {@code -l} long form. A type starts at each ID line, so missing blank lines do not matter.
     */
    public static List<OsType> osTypes(String output) {
        List<OsType> types = new ArrayList<>();
        String id = null;
        String description = null;
        String familyId = null;
        Boolean flag64 = null;
        boolean arch64 = false;
        for (String line : MachineReadable.lines(output)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if ("ID".equals(key) || "ID / Description".equals(key)) {
                if (id != null) {
                    types.add(new OsType(id, description, familyId, flag64 != null ? flag64 : arch64));
                }
                familyId = null;
                flag64 = null;
                arch64 = false;
                if ("ID".equals(key)) {
                    id = value;
                    description = null;
                } else {
                    int dash = value.indexOf(" -- ");
                    id = dash < 0 ? value : value.substring(0, dash).strip();
                    description = dash < 0 ? null : value.substring(dash + 4).strip();
                }
            } else if (id == null) {
                continue;
            } else if ("Description".equals(key)) {
                description = value;
            } else if ("Family ID".equals(key)) {
                familyId = value;
            } else if ("Family".equals(key)) {
                // "Linux / Ubuntu (Linux)" or "Windows (Microsoft Windows)": the id is the first word.
                int end = 0;
                while (end < value.length() && !Character.isWhitespace(value.charAt(end)) && value.charAt(end) != '(') {
                    end++;
                }
                familyId = value.substring(0, end);
            } else if ("Architecture".equals(key)) {
                arch64 = value.contains("(64-bit)");
            } else if ("64 bit".equals(key)) {
                flag64 = "true".equalsIgnoreCase(value) || "yes".equalsIgnoreCase(value);
            }
        }
        if (id != null) {
            types.add(new OsType(id, description, familyId, flag64 != null ? flag64 : arch64));
        }
        return List.copyOf(types);
    }

    /**
     * {@code --version} (§2). Lines before the version, such as the vboxdrv kernel-module warning on Linux, are
     * skipped: the version is the line of the form {@code 7.0.14[_suffix]r<rev>}, else the first line that starts with
     * digits.digits.
     *
     * @throws IllegalArgumentException if no line looks like a version
     */
    public static Version version(String output) {
        String fallback = null;
        for (String line : MachineReadable.lines(output)) {
            String text = line.strip();
            if (FULL_VERSION.matcher(text).matches()) {
                return toVersion(text);
            }
            if (fallback == null && VERSION_START.matcher(text).find()) {
                fallback = text;
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException("VBoxManage --version printed no version line");
        }
        return toVersion(fallback);
    }

    private static Version toVersion(String text) {
        Matcher m = VERSION_START.matcher(text);
        m.find();
        int build = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), build, text);
    }

    /**
     * The {@code Name:} values of {@code list bridgedifs} (§6), also usable for hostonlyifs and hostonlynets. On macOS
     * the name carries its description ({@code en0: Wi-Fi}) and is kept whole: that is the name VirtualBox stores.
     */
    public static List<String> bridgedInterfaces(String output) {
        List<String> names = new ArrayList<>();
        for (String line : MachineReadable.lines(output)) {
            if (line.startsWith("Name:")) {
                String name = line.substring("Name:".length()).strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * The media of {@code list hdds} (§7): one block per medium, each starting with its {@code UUID:} line; children
     * follow their parent depth-first.
     */
    public static List<Medium> media(String output) {
        List<Medium> media = new ArrayList<>();
        Map<String, String> block = null;
        for (String line : MachineReadable.lines(output)) {
            if (line.startsWith("UUID:")) {
                if (block != null) {
                    media.add(medium(block));
                }
                block = new LinkedHashMap<>();
            }
            if (block != null) {
                field(line, block);
            }
        }
        if (block != null) {
            media.add(medium(block));
        }
        return List.copyOf(media);
    }

    /**
     * {@code showmediuminfo} (§7), the long form with {@code Size on disk}.
     *
     * @throws IllegalArgumentException if there is no UUID line
     */
    public static Medium medium(String output) {
        List<Medium> media = media(output);
        if (media.isEmpty()) {
            throw new IllegalArgumentException("showmediuminfo output has no UUID line");
        }
        return media.get(0);
    }

    private static Medium medium(Map<String, String> block) {
        String parent = block.get("Parent UUID");
        Matcher parentUuid = parent == null ? null : UUID.matcher(parent);
        Long size = number(block.get("Size on disk"));
        Long capacity = number(block.get("Capacity"));
        return new Medium(
                block.get("UUID"),
                parentUuid != null && parentUuid.matches() ? parentUuid.group(1) : null,
                block.get("State"),
                block.get("Type"),
                block.get("Location"),
                block.get("Storage format"),
                capacity == null ? 0 : capacity,
                size);
    }

    /**
     * The UUID printed after {@code label} on a line: {@code UUID: <uuid>} of createvm (§9),
     * {@code Medium created. UUID: <uuid>} (§12), {@code Snapshot taken. UUID: <uuid>} (§16). A line that starts with
     * the label wins over one that only contains it.
     *
     * @param label the text before the UUID, e.g. "UUID:" or "Medium created. UUID:"
     * @throws IllegalArgumentException if no such line holds a UUID
     */
    public static String uuidAfter(String output, String label) {
        String contained = null;
        for (String line : MachineReadable.lines(output)) {
            String text = line.strip();
            int at = text.indexOf(label);
            if (at < 0) {
                continue;
            }
            Matcher m = UUID.matcher(text.substring(at + label.length()).strip());
            if (!m.lookingAt()) {
                continue;
            }
            String uuid = m.group(1);
            if (at == 0) {
                return uuid;
            }
            if (contained == null) {
                contained = uuid;
            }
        }
        if (contained == null) {
            throw new IllegalArgumentException("VBoxManage output has no '" + label + " <uuid>' line");
        }
        return contained;
    }

    /**
     * The path of createvm's {@code Settings file: '<path>'} line (§9), between the first and the last quote.
     *
     * @throws IllegalArgumentException if there is no such line
     */
    public static String settingsFile(String createvmOutput) {
        for (String line : MachineReadable.lines(createvmOutput)) {
            String text = line.strip();
            if (!text.startsWith("Settings file:")) {
                continue;
            }
            String value = text.substring("Settings file:".length()).strip();
            int first = value.indexOf('\'');
            int last = value.lastIndexOf('\'');
            return first >= 0 && last > first ? value.substring(first + 1, last) : value;
        }
        throw new IllegalArgumentException("createvm output has no 'Settings file:' line");
    }

    /** {@code Key: value} lines; an indented line continues a list (§7 In use by VMs) and is skipped. */
    private static Map<String, String> fields(String output) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : MachineReadable.lines(output)) {
            field(line, fields);
        }
        return fields;
    }

    private static void field(String line, Map<String, String> fields) {
        if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
            return;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return;
        }
        fields.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }

    private static long requiredNumber(Map<String, String> fields, String key, String command) {
        Long value = number(fields.get(key));
        if (value == null) {
            throw new IllegalArgumentException(command + " output has no " + key + " line");
        }
        return value;
    }

    /** The leading number of "16384 MByte", "20480 MBytes" or "8". */
    private static Long number(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = LEADING_NUMBER.matcher(value.strip());
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }
}
