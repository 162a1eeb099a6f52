package dev.vmnet.router;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(Vyos13WireTest.Version.class)
class Vyos13WireTest extends DialectWireTest {

    public static class Version extends DialectWireTest.Profile {
        @Override
        String version() {
            return "1.3";
        }
    }

    @Override
    String macLeaf() {
        return "mac-address";
    }

    @Override
    String inboundInterface() {
        return "\"inbound-interface\"]";
    }
}
