package dev.vmnet.notifications;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TargetGuardTest {

    @Test
    void onlyPublicAddressesArePublic() throws Exception {
        for (String inside : new String[] {"127.0.0.1", "127.8.9.10", "169.254.169.254", "10.1.2.3", "172.31.255.255", "192.168.0.1",
                "0.0.0.0", "0.1.2.3", "100.64.0.1", "100.127.255.254", "192.0.0.8", "198.18.0.1", "224.0.0.1", "255.255.255.255",
                "240.0.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "ff02::1"}) {
            assertFalse(TargetGuard.isPublic(InetAddress.getByName(inside)), inside);
        }
        for (String outside : new String[] {"93.184.216.34", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1", "192.0.2.1",
                "2606:4700:4700::1111", "2001:db8::1"}) {
            assertTrue(TargetGuard.isPublic(InetAddress.getByName(outside)), outside);
        }
    }
}
