package dev.vmnet.support;

import dev.vmnet.router.simulator.SimulatedRouter.Command;
import java.util.ArrayList;
import java.util.List;

/** Config paths of the test network (VyOS 1.4), for hand edits on the simulator. */
public final class RouterPaths {

    public static final List<String> MAPPINGS = List.of("service", "dhcp-server", "shared-network-name", "LAN", "subnet",
            "192.168.64.0/24", "static-mapping");

    private RouterPaths() {}

    public static List<String> mapping(String name, String... more) {
        return append(append(MAPPINGS, name), more);
    }

    public static List<String> rule(int number, String... more) {
        return append(List.of("nat", "destination", "rule", String.valueOf(number)), more);
    }

    /** A rule an operator adds by hand: valid for the router, unknown to the database. */
    public static List<Command> foreignRule(int number) {
        return List.of(
                new Command("set", rule(number, "description"), "hand-made"),
                new Command("set", rule(number, "inbound-interface", "name"), "eth0"),
                new Command("set", rule(number, "protocol"), "tcp"),
                new Command("set", rule(number, "destination", "port"), "40000"),
                new Command("set", rule(number, "translation", "address"), "192.168.64.10"),
                new Command("set", rule(number, "translation", "port"), "22"));
    }

    /** "set a b c" with {@code value}: a command as the simulator logs it. */
    public static Command set(String path, String value) {
        return new Command("set", List.of(path.split(" ")), value);
    }

    public static Command delete(String path) {
        return new Command("delete", List.of(path.split(" ")), null);
    }

    private static List<String> append(List<String> path, String... more) {
        List<String> result = new ArrayList<>(path);
        result.addAll(List.of(more));
        return result;
    }
}
