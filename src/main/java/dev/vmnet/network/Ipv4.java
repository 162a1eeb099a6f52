package dev.vmnet.network;

import java.util.regex.Pattern;

/** IPv4 addresses as unsigned 32-bit values held in a long; dotted-quad only, no shorthand. */
public final class Ipv4 {

    /** A dotted quad without leading zeros (for Bean Validation patterns too). */
    public static final String PATTERN = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}";
    /** An address, a slash and a prefix length. */
    public static final String CIDR_PATTERN = PATTERN + "/(3[0-2]|[12]?\\d)";
    private static final Pattern DOTTED_QUAD = Pattern.compile(PATTERN);

    private Ipv4() {}

    public static boolean isValid(String text) {
        return text != null && DOTTED_QUAD.matcher(text).matches();
    }

    public static long parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        long value = 0;
        for (String octet : text.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    public static String format(long value) {
        return ((value >> 24) & 0xff) + "." + ((value >> 16) & 0xff) + "." + ((value >> 8) & 0xff) + "." + (value & 0xff);
    }

    /** An IPv4 network such as 192.168.64.0/24. */
    public record Subnet(long network, int prefix) {

        public static Subnet parse(String cidr) {
            String[] parts = cidr == null ? new String[0] : cidr.split("/");
            if (parts.length != 2 || !parts[1].matches("\\d{1,2}") || Integer.parseInt(parts[1]) > 32) {
                throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 subnet in CIDR form");
            }
            int prefix = Integer.parseInt(parts[1]);
            long address = Ipv4.parse(parts[0]);
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            if ((address & ~mask & 0xffffffffL) != 0) {
                throw new IllegalArgumentException("'" + cidr + "' has host bits set");
            }
            return new Subnet(address, prefix);
        }

        public long size() {
            return 1L << (32 - prefix);
        }

        public long firstHost() {
            return network + 1;
        }

        public long lastHost() {
            return network + size() - 2;
        }

        /** True for usable host addresses: inside the subnet, not the network or broadcast address. */
        public boolean hasHost(long address) {
            return address >= firstHost() && address <= lastHost();
        }

        @Override
        public String toString() {
            return Ipv4.format(network) + "/" + prefix;
        }
    }
}
