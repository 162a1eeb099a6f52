package dev.vmnet.provisioning;

import java.util.Locale;

/**
 * What a VM name and a MAC address may be. A VM name becomes a static-mapping tag in the router's
 * config, so it is held to a DNS label: letters, digits and inner hyphens, at most 63 characters.
 * That fits every VyOS version (1.5 rejects underscores) and leaves no room for spaces, quotes,
 * newlines, separators or non-ASCII.
 */
public final class Identifiers {

    public static final String NAME_PATTERN = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    public static final String NAME_RULE =
            "must be 1-63 letters, digits or hyphens, starting and ending with a letter or digit";
    public static final String MAC_PATTERN = "[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}";
    public static final String MAC_RULE = "must be a MAC address such as 00:11:22:33:44:AA";

    private Identifiers() {}

    public static boolean isName(String value) {
        return value != null && value.matches(NAME_PATTERN);
    }

    public static String normalizeMac(String mac) {
        return mac.toLowerCase(Locale.ROOT);
    }

    /** DHCP serves unicast hardware addresses: not all zeros, multicast bit clear. */
    public static boolean isUnicastMac(String mac) {
        return !mac.equals("00:00:00:00:00:00") && (Integer.parseInt(mac.substring(0, 2), 16) & 1) == 0;
    }
}
