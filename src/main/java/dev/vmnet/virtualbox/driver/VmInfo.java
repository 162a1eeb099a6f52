package dev.vmnet.virtualbox.driver;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code showvminfo <vm> --machinereadable} says about one VM (docs/virtualbox.md §8), read from the map
 * {@link MachineReadable#parse(String)} makes of it.
 *
 * @param osType the raw {@code ostype} value: §8, it is the type's description ("Ubuntu (64-bit)"), or the id when
 *     VirtualBox does not know the type; map it through {@code list ostypes} to get an id
 * @param state the VMState short name (poweroff, running, saved, ...), or "inaccessible" for an inaccessible VM
 * @param stateChangedAt VMStateChangeTime, which is UTC printed without its Z (§8); null if absent
 * @param settingsFile CfgFile
 */
public record VmInfo(
        String uuid,
        String name,
        String osType,
        String state,
        Instant stateChangedAt,
        Integer memoryMb,
        Integer cpus,
        String settingsFile,
        String description,
        List<StorageController> storageControllers,
        List<Nic> nics,
        List<Uart> uarts,
        List<Snapshot> snapshots,
        String currentSnapshotUuid) {

    /** The name VBoxManage prints for a VM whose settings cannot be read (§8). */
    public static final String INACCESSIBLE_NAME = "<inaccessible>";

    private static final Pattern CONTROLLER_KEY = Pattern.compile("storagecontrollername(\\d+)");
    private static final Pattern SLOT = Pattern.compile("(\\d+)-(\\d+)");
    private static final Pattern NIC_KEY = Pattern.compile("nic(\\d+)");
    private static final Pattern UART_KEY = Pattern.compile("uart(\\d+)");

    public VmInfo {
        storageControllers = storageControllers == null ? List.of() : List.copyOf(storageControllers);
        nics = nics == null ? List.of() : List.copyOf(nics);
        uarts = uarts == null ? List.of() : List.copyOf(uarts);
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    }

    /**
     * A storage controller and its occupied slots.
     *
     * @param type IntelAhci, PIIX4, LsiLogic, NVMe, ... (§8)
     */
    public record StorageController(
            String name, String type, int instance, int portCount, int maxPortCount, boolean bootable, List<Attachment> attachments) {

        public StorageController {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }
    }

    /**
     * A slot holding a medium or an empty drive; {@code none} slots are not listed.
     *
     * @param medium the medium's location, or "emptydrive" for a DVD drive without a disc
     * @param imageUuid the medium's UUID; null for an empty drive (§8: ImageUUID is printed only with a medium)
     */
    public record Attachment(int port, int device, String medium, String imageUuid) {
    }

    /**
     * A network adapter slot.
     *
     * @param slot the N of nicN, 1-based
     * @param enabled nicN is not "none"
     * @param mode nat, bridged, hostonly, intnet, natnetwork, generic, null, none, hostonlynetwork, cloudnetwork
     *     (lower case: §8 prints "Generic")
     * @param attachment the mode's own line (bridgeadapterN, intnetN, hostonlyadapterN, nat-networkN,
     *     hostonly-networkN, genericN, cloud-networkN, natnetN for nat), or null
     */
    public record Nic(
            int slot, boolean enabled, String mode, String nicType, String macAddress, boolean cableConnected, int speedKbps,
            String attachment) {
    }

    /**
     * A serial port, from {@code uartN="off"} or {@code uartN="0x03f8,4"}, {@code uartmodeN} and {@code uarttypeN}.
     *
     * @param ioBase e.g. "0x03f8"; null when disabled
     * @param mode tcpserver, tcpclient, disconnected, file, server, client, or "device" for a host device
     * @param path the port or path after the mode's comma, or the host device's path; null for disconnected
     */
    public record Uart(int slot, boolean enabled, String ioBase, Integer irq, String mode, String path, String uartType) {
    }

    /**
     * A snapshot.
     *
     * @param description "" when the snapshot has none (§16: the line is printed only if it is not empty)
     * @param node the suffix of its SnapshotName key: "" for the root, "-1-2" for the root's first child's second child
     * @param parentUuid null for the root
     */
    public record Snapshot(String uuid, String name, String description, String node, String parentUuid) {
    }

    /**
     * Reads the VM from parsed showvminfo output.
     *
     * @throws IllegalArgumentException if UUID or name is missing, or VMState for an accessible VM; e.g. for the empty
     *     output VirtualBox 7.0 can print under {@code LANG=C} (§1)
     */
    public static VmInfo from(Map<String, String> showvminfo) {
        String uuid = required(showvminfo, "UUID");
        String name = required(showvminfo, "name");
        if (INACCESSIBLE_NAME.equals(name) && !showvminfo.containsKey("VMState")) {
            // §8: an inaccessible VM prints only name="<inaccessible>" and UUID.
            return new VmInfo(uuid, name, null, "inaccessible", null, null, null, null, null,
                    List.of(), List.of(), List.of(), List.of(), null);
        }
        return new VmInfo(
                uuid,
                name,
                showvminfo.get("ostype"),
                required(showvminfo, "VMState"),
                instant(showvminfo.get("VMStateChangeTime")),
                integer(showvminfo.get("memory")),
                integer(showvminfo.get("cpus")),
                showvminfo.get("CfgFile"),
                showvminfo.get("description"),
                storageControllers(showvminfo),
                nics(showvminfo),
                uarts(showvminfo),
                Snapshots.from(showvminfo),
                Snapshots.currentUuid(showvminfo));
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("showvminfo output has no " + key + " line");
        }
        return value;
    }

    /** §8: {@code 2022-12-17T09:55:20.000000000}, UTC without the Z the 30-byte buffer cuts off; a Z is accepted too. */
    static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.endsWith("Z") || text.endsWith("z")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Integer integer(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int integer(String value, int fallback) {
        Integer parsed = integer(value);
        return parsed == null ? fallback : parsed;
    }

    /**
     * §8: the attachment keys are {@code "<controller>-<port>-<device>"}, and the same prefix carries
     * {@code -ImageUUID-}, {@code -nonrotational-}, {@code -discard-}, {@code -tempeject-}, {@code -IsEjected-} and
     * {@code -hot-pluggable-} keys. A controller name may itself hold dashes and digits ("SATA-2"), so a key is an
     * attachment of controller C only if what follows {@code "C-"} is exactly two numbers; this is unambiguous, since
     * a key of controller "C-2" has three.
     */
    private static List<StorageController> storageControllers(Map<String, String> values) {
        TreeMap<Integer, String> names = new TreeMap<>();
        for (String key : values.keySet()) {
            Matcher m = CONTROLLER_KEY.matcher(key);
            if (m.matches()) {
                names.put(Integer.valueOf(m.group(1)), values.get(key));
            }
        }
        List<StorageController> controllers = new ArrayList<>();
        for (Map.Entry<Integer, String> entry : names.entrySet()) {
            int k = entry.getKey();
            String name = entry.getValue();
            List<Attachment> attachments = new ArrayList<>();
            String prefix = name + "-";
            for (Map.Entry<String, String> slot : values.entrySet()) {
                if (!slot.getKey().startsWith(prefix)) {
                    continue;
                }
                Matcher m = SLOT.matcher(slot.getKey().substring(prefix.length()));
                if (!m.matches() || "none".equals(slot.getValue())) {
                    continue;
                }
                int port = Integer.parseInt(m.group(1));
                int device = Integer.parseInt(m.group(2));
                String imageUuid = values.get(name + "-ImageUUID-" + port + "-" + device);
                attachments.add(new Attachment(port, device, slot.getValue(), imageUuid));
            }
            attachments.sort(Comparator.comparingInt(Attachment::port).thenComparingInt(Attachment::device));
            controllers.add(new StorageController(
                    name,
                    values.get("storagecontrollertype" + k),
                    integer(values.get("storagecontrollerinstance" + k), 0),
                    integer(values.get("storagecontrollerportcount" + k), 0),
                    integer(values.get("storagecontrollermaxportcount" + k), 0),
                    "on".equals(values.get("storagecontrollerbootable" + k)),
                    attachments));
        }
        return controllers;
    }

    /** §8: a disabled adapter prints only {@code nicN="none"}; an enabled one attached to nothing prints "null". */
    private static List<Nic> nics(Map<String, String> values) {
        TreeMap<Integer, String> modes = new TreeMap<>();
        for (String key : values.keySet()) {
            Matcher m = NIC_KEY.matcher(key);
            if (m.matches()) {
                modes.put(Integer.valueOf(m.group(1)), values.get(key));
            }
        }
        List<Nic> nics = new ArrayList<>();
        for (Map.Entry<Integer, String> entry : modes.entrySet()) {
            int n = entry.getKey();
            String mode = entry.getValue().toLowerCase(Locale.ROOT);
            nics.add(new Nic(
                    n,
                    !"none".equals(mode),
                    mode,
                    values.get("nictype" + n),
                    values.get("macaddress" + n),
                    "on".equals(values.get("cableconnected" + n)),
                    integer(values.get("nicspeed" + n), 0),
                    attachment(values, mode, n)));
        }
        return nics;
    }

    /** The mode-specific line printed before macaddressN (§8). */
    private static String attachment(Map<String, String> values, String mode, int n) {
        String key = attachmentKey(mode);
        if (key != null) {
            return values.get(key + n);
        }
        if ("none".equals(mode) || "null".equals(mode)) {
            return null;
        }
        // An attachment type this code does not know: take whichever mode line there is.
        for (String candidate : List.of("bridgeadapter", "intnet", "hostonlyadapter", "hostonly-network", "nat-network",
                "generic", "cloud-network", "natnet")) {
            String value = values.get(candidate + n);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String attachmentKey(String mode) {
        if ("nat".equals(mode)) {
            return "natnet";
        } else if ("bridged".equals(mode)) {
            return "bridgeadapter";
        } else if ("intnet".equals(mode)) {
            return "intnet";
        } else if ("hostonly".equals(mode)) {
            return "hostonlyadapter";
        } else if ("hostonlynetwork".equals(mode)) {
            return "hostonly-network";
        } else if ("natnetwork".equals(mode)) {
            return "nat-network";
        } else if ("generic".equals(mode)) {
            return "generic";
        } else if ("cloudnetwork".equals(mode)) {
            return "cloud-network";
        }
        return null;
    }

    /**
     * {@code uartN="0x03f8,4"} and {@code uartmodeN}: "disconnected", "file,&lt;path&gt;", "tcpserver,&lt;port&gt;",
     * "tcpclient,&lt;host:port&gt;", "server,&lt;pipe&gt;", "client,&lt;pipe&gt;", or a host device's bare path
     * (VBoxManageInfo.cpp prints PortMode_HostDevice without a mode word).
     */
    private static List<Uart> uarts(Map<String, String> values) {
        TreeMap<Integer, String> ports = new TreeMap<>();
        for (String key : values.keySet()) {
            Matcher m = UART_KEY.matcher(key);
            if (m.matches()) {
                ports.put(Integer.valueOf(m.group(1)), values.get(key));
            }
        }
        List<Uart> uarts = new ArrayList<>();
        for (Map.Entry<Integer, String> entry : ports.entrySet()) {
            int n = entry.getKey();
            String config = entry.getValue();
            if ("off".equals(config)) {
                uarts.add(new Uart(n, false, null, null, null, null, values.get("uarttype" + n)));
                continue;
            }
            int comma = config.indexOf(',');
            String ioBase = comma < 0 ? config.strip() : config.substring(0, comma).strip();
            Integer irq = comma < 0 ? null : integer(config.substring(comma + 1));
            String mode = null;
            String path = null;
            String modeLine = values.get("uartmode" + n);
            if (modeLine != null) {
                int sep = modeLine.indexOf(',');
                String word = sep < 0 ? modeLine : modeLine.substring(0, sep);
                if (List.of("tcpserver", "tcpclient", "file", "server", "client").contains(word)) {
                    mode = word;
                    path = sep < 0 ? null : modeLine.substring(sep + 1);
                } else if ("disconnected".equals(modeLine)) {
                    mode = modeLine;
                } else {
                    mode = "device";
                    path = modeLine;
                }
            }
            uarts.add(new Uart(n, true, ioBase, irq, mode, path, values.get("uarttype" + n)));
        }
        return uarts;
    }
}
