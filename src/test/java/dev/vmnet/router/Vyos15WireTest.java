package dev.vmnet.router;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(Vyos15WireTest.Version.class)
class Vyos15WireTest extends DialectWireTest {

    public static class Version extends DialectWireTest.Profile {
        @Override
        String version() {
            return "1.5";
        }
    }

    @Override
    String macLeaf() {
        return "mac";
    }

    @Override
    String inboundInterface() {
        return "\"inbound-interface\",\"name\"]";
    }
}
