package dev.vmnet.virtualbox.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The human-format outputs of docs/virtualbox.md §2-§7, §9, §12 and §16, fed from the doc's samples. */
class VBoxOutputTest {

    // §2 ----------------------------------------------------------------------------------------------------------

    /** §2's sample block, verbatim: each line carries the doc's annotation. */
    static final String VERSION_SAMPLE = """
            6.1.32r149290            (sample)
            6.1.38_Ubuntur153438     (sample, distro build: the version string carries a suffix)
            """;

    @Test
    void versionSamples() {
        assertEquals(new VBoxOutput.Version(6, 1, 32, "6.1.32r149290"), VBoxOutput.version("6.1.32r149290\n"));
        assertEquals(new VBoxOutput.Version(6, 1, 38, "6.1.38_Ubuntur153438"), VBoxOutput.version("6.1.38_Ubuntur153438\n"));
        VBoxOutput.Version annotated = VBoxOutput.version(VERSION_SAMPLE);
        assertEquals(6, annotated.major());
        assertEquals(1, annotated.minor());
        assertEquals(32, annotated.build());
    }

    @Test
    void version70And71WithSuffixes() {
        assertEquals(new VBoxOutput.Version(7, 0, 14, "7.0.14_Ubuntur161095"), VBoxOutput.version("7.0.14_Ubuntur161095\n"));
        assertEquals(new VBoxOutput.Version(7, 1, 4, "7.1.4r165100"), VBoxOutput.version("7.1.4r165100\r\n"));
        assertEquals(new VBoxOutput.Version(7, 0, 0, "7.0.0_RC1r153764"), VBoxOutput.version("7.0.0_RC1r153764\n"));
        assertEquals(new VBoxOutput.Version(7, 0, 20, "7.0.20_OSEr163906"), VBoxOutput.version("7.0.20_OSEr163906\n"));
        assertEquals(new VBoxOutput.Version(7, 2, 0, "7.2.0_BETA1r169000"), VBoxOutput.version("7.2.0_BETA1r169000"));
    }

    @Test
    void versionSkipsTheVboxdrvWarning() {
        String output = """
                WARNING: The vboxdrv kernel module is not loaded. Either there is no module
                         available for the current kernel (5.15.0-91-generic) or it failed to
                         load. Please recompile the kernel module and install it by

                           sudo /sbin/vboxconfig

                         You will not be able to start VMs until this problem is fixed.
                7.0.14_Ubuntur161095
                """;

        assertEquals(new VBoxOutput.Version(7, 0, 14, "7.0.14_Ubuntur161095"), VBoxOutput.version(output));
        assertEquals(new VBoxOutput.Version(7, 0, 14, "7.0.14_Ubuntur161095"), VBoxOutput.version(output.replace("\n", "\r\n")));
    }

    @Test
    void noVersionLineIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VBoxOutput.version("\n"));
        assertTrue(e.getMessage().contains("version"));
    }

    // §3 ----------------------------------------------------------------------------------------------------------

    static final String VMS_SAMPLE = """
            "Ubuntu" {2e16b1fc-675d-4a7a-a9a1-e89a8bde7874}
            "go-virtualbox" {def44546-e3da-4902-8d15-b91c99c80cbc}
            """;

    @Test
    void vmsSample() {
        assertEquals(List.of(
                new VBoxOutput.Named("Ubuntu", "2e16b1fc-675d-4a7a-a9a1-e89a8bde7874"),
                new VBoxOutput.Named("go-virtualbox", "def44546-e3da-4902-8d15-b91c99c80cbc")),
                VBoxOutput.vms(VMS_SAMPLE));
        assertEquals(VBoxOutput.vms(VMS_SAMPLE), VBoxOutput.vms(VMS_SAMPLE.replace("\n", "\r\n")));
    }

    @Test
    void vmNamesAreNotEscapedAndInaccessibleVmsAreKept() {
        assertEquals(List.of(
                new VBoxOutput.Named("my \"quoted\" {vm}", "2e16b1fc-675d-4a7a-a9a1-e89a8bde7874"),
                new VBoxOutput.Named("<inaccessible>", "def44546-e3da-4902-8d15-b91c99c80cbc"),
                new VBoxOutput.Named("C:\\odd", "85646c6a-fb86-4112-b15e-cab090670778")),
                VBoxOutput.vms("""
                        "my "quoted" {vm}" {2e16b1fc-675d-4a7a-a9a1-e89a8bde7874}
                        "<inaccessible>" {def44546-e3da-4902-8d15-b91c99c80cbc}
                        "C:\\odd" {85646c6a-fb86-4112-b15e-cab090670778}
                        not a vm line
                        """));
        assertEquals(List.of(), VBoxOutput.vms(""));
    }

    // §4 ----------------------------------------------------------------------------------------------------------

    /** §4's sample, verbatim, with its "...(one speed/description pair per processor ...)" note line. */
    static final String HOSTINFO_SAMPLE = """
            Host Information:

            Host time: 2026-07-18T10:59:27.398000000Z
            Processor online count: 8
            Processor count: 8
            Processor online core count: 4
            Processor core count: 4
            Processor supports HW virtualization: yes
            Processor supports PAE: yes
            Processor supports long mode: yes
            Processor supports nested paging: no
            Processor supports unrestricted guest: yes
            Processor supports nested HW virtualization: no
            Processor supports virt. vmsave/vmload: no
            Processor#0 speed: 2600 MHz
            Processor#0 description: Intel(R) Core(TM) i7-6700HQ CPU @ 2.60GHz
            ...(one speed/description pair per processor; speed may be "unknown")
            Memory size: 16384 MByte
            Memory available: 11517 MByte
            Operating system: Darwin
            Operating system version: 18.7.0
            """;

    @Test
    void hostInfoSample() {
        assertEquals(new VBoxOutput.HostInfo("Darwin", "18.7.0", 8, 16384, 11517), VBoxOutput.hostInfo(HOSTINFO_SAMPLE));
        assertEquals(VBoxOutput.hostInfo(HOSTINFO_SAMPLE), VBoxOutput.hostInfo(HOSTINFO_SAMPLE.replace("\n", "\r\n")));
    }

    @Test
    void hostInfoOnWindowsUsesTheOnlineCountElseTheCount() {
        String windows = """
                Host Information:\r
                \r
                Host time: 2025-01-05T08:00:00.000000000Z\r
                Processor online count: 6\r
                Processor count: 12\r
                Processor#0 speed: unknown\r
                Processor#0 description: AMD Ryzen 5 5600X 6-Core Processor\r
                Memory size: 32702 MByte\r
                Memory available: 20001 MByte\r
                Operating system: Windows 11\r
                Operating system version: 10.0.22631\r
                """;
        assertEquals(new VBoxOutput.HostInfo("Windows 11", "10.0.22631", 6, 32702, 20001), VBoxOutput.hostInfo(windows));

        String noOnline = "Processor count: 4\nMemory size: 2048 MByte\nMemory available: 1024 MByte\nOperating system: Linux\n";
        assertEquals(new VBoxOutput.HostInfo("Linux", null, 4, 2048, 1024), VBoxOutput.hostInfo(noOnline));
    }

    @Test
    void hostInfoWithoutMemoryIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VBoxOutput.hostInfo("Host Information:\n\nProcessor count: 4\n"));
        assertTrue(e.getMessage().contains("Memory size"));
        assertThrows(IllegalArgumentException.class, () -> VBoxOutput.hostInfo(""));
    }

    // §5 ----------------------------------------------------------------------------------------------------------

    /** §5's 7.1+ template block, verbatim. */
    static final String OSTYPES_TEMPLATE = """
            ID / Description: <Id> -- <Description>
            Family:           <FamilyId> / <Subtype> (<FamilyDesc>)      (or "Family:           <FamilyId> (<FamilyDesc>)")
            Architecture:     x86 (64-bit)                                (ARMv8 for arm)
            """;

    /** 7.0's block format (§5). */
    static final String OSTYPES_70 = """
            ID:          Other
            Description: Other/Unknown
            Family ID:   Other
            Family Desc: Other
            64 bit:      false

            ID:          Windows10_64
            Description: Windows 10 (64-bit)
            Family ID:   Windows
            Family Desc: Microsoft Windows
            64 bit:      true

            ID:          Ubuntu_64
            Description: Ubuntu (64-bit)
            Family ID:   Linux
            Family Desc: Linux
            64 bit:      true

            """;

    /** 7.1's format (§5): header, "ID / Description", "Family" with or without a subtype, "Architecture". */
    static final String OSTYPES_71 = """
            Supported guest OS types:

            ID / Description: Other -- Other/Unknown
            Family:           Other (Other)
            Architecture:     x86

            ID / Description: Windows10_64 -- Windows 10 (64-bit)
            Family:           Windows (Microsoft Windows)
            Architecture:     x86 (64-bit)

            ID / Description: Ubuntu_64 -- Ubuntu (64-bit)
            Family:           Linux / Ubuntu (Linux)
            Architecture:     x86 (64-bit)

            ID / Description: Ubuntu24_LTS_arm64 -- Ubuntu 24.04 LTS (Noble Numbat) (ARM 64-bit)
            Family:           Linux / Ubuntu (Linux)
            Architecture:     ARMv8 (64-bit)

            """;

    /** 7.1's {@code -l} format (§5). */
    static final String OSTYPES_71_LONG = """
            Supported guest OS types:

            ID:               Other
            Description:      Other/Unknown
            Family ID:        Other
            Family Desc:      Other
            Architecture:     x86
            64 bit:           false

            ID:               Ubuntu_64
            Description:      Ubuntu (64-bit)
            Family ID:        Linux
            Family Desc:      Linux
            OS Subtype:       Ubuntu
            Architecture:     x86
            64 bit:           true

            """;

    @Test
    void osTypes70() {
        assertEquals(List.of(
                new VBoxOutput.OsType("Other", "Other/Unknown", "Other", false),
                new VBoxOutput.OsType("Windows10_64", "Windows 10 (64-bit)", "Windows", true),
                new VBoxOutput.OsType("Ubuntu_64", "Ubuntu (64-bit)", "Linux", true)),
                VBoxOutput.osTypes(OSTYPES_70));
        assertEquals(VBoxOutput.osTypes(OSTYPES_70), VBoxOutput.osTypes(OSTYPES_70.replace("\n", "\r\n")));
    }

    @Test
    void osTypes71() {
        assertEquals(List.of(
                new VBoxOutput.OsType("Other", "Other/Unknown", "Other", false),
                new VBoxOutput.OsType("Windows10_64", "Windows 10 (64-bit)", "Windows", true),
                new VBoxOutput.OsType("Ubuntu_64", "Ubuntu (64-bit)", "Linux", true),
                new VBoxOutput.OsType("Ubuntu24_LTS_arm64", "Ubuntu 24.04 LTS (Noble Numbat) (ARM 64-bit)", "Linux", true)),
                VBoxOutput.osTypes(OSTYPES_71));
        assertEquals(VBoxOutput.osTypes(OSTYPES_71), VBoxOutput.osTypes(OSTYPES_71.replace("\n", "\r\n")));
    }

    @Test
    void osTypes71Long() {
        assertEquals(List.of(
                new VBoxOutput.OsType("Other", "Other/Unknown", "Other", false),
                new VBoxOutput.OsType("Ubuntu_64", "Ubuntu (64-bit)", "Linux", true)),
                VBoxOutput.osTypes(OSTYPES_71_LONG));
    }

    @Test
    void osTypesTemplateFromTheDoc() {
        assertEquals(List.of(new VBoxOutput.OsType("<Id>", "<Description>", "<FamilyId>", true)),
                VBoxOutput.osTypes(OSTYPES_TEMPLATE));
        assertEquals(List.of(), VBoxOutput.osTypes("Supported guest OS types:\n\n"));
    }

    // §6 ----------------------------------------------------------------------------------------------------------

    /** §6's macOS sample, verbatim. */
    static final String BRIDGEDIFS_SAMPLE = """
            Name:            en0: Wi-Fi
            GUID:            00306e65-0000-4000-8000-3c22fb0e6181
            DHCP:            Disabled
            IPAddress:       10.0.0.229
            NetworkMask:     255.255.248.0
            IPV6Address:
            IPV6NetworkMaskPrefixLength: 0
            HardwareAddress: 3c:22:fb:0e:61:81
            MediumType:      Ethernet
            Wireless:        No
            Status:          Up
            VBoxNetworkName: HostInterfaceNetworking-en0

            """;

    @Test
    void bridgedInterfacesKeepTheMacosDescription() {
        assertEquals(List.of("en0: Wi-Fi"), VBoxOutput.bridgedInterfaces(BRIDGEDIFS_SAMPLE));
    }

    @Test
    void bridgedInterfacesOnLinuxAndWindows() {
        String linux = """
                Name:            eth0
                GUID:            30687465-0000-4000-8000-525400123456
                DHCP:            Disabled
                VBoxNetworkName: HostInterfaceNetworking-eth0

                Name:            wlp2s0
                GUID:            32706c77-3073-4000-8000-a4c3f0123456
                VBoxNetworkName: HostInterfaceNetworking-wlp2s0

                """;
        assertEquals(List.of("eth0", "wlp2s0"), VBoxOutput.bridgedInterfaces(linux));

        String windows = ("Name:            Intel(R) Ethernet Connection (7) I219-V\n"
                + "GUID:            6f1c0e26-0000-4000-8000-0123456789ab\n\n").replace("\n", "\r\n");
        assertEquals(List.of("Intel(R) Ethernet Connection (7) I219-V"), VBoxOutput.bridgedInterfaces(windows));
        assertEquals(List.of(), VBoxOutput.bridgedInterfaces(""));
    }

    // §7 ----------------------------------------------------------------------------------------------------------

    /** §7's showhdinfo sample, verbatim with its "<- long only" annotations. */
    static final String MEDIUM_SAMPLE = """
            UUID:           4f58019c-f45e-477a-9f82-2b6377bc956b
            Parent UUID:    base
            State:          created
            Type:           normal (base)
            Location:       /Users/x/VMs/Windows 8.1/Windows 8.1.vdi
            Storage format: VDI
            Format variant: fixed default          <- long/showmediuminfo only
            Capacity:       20480 MBytes
            Size on disk:   20482 MBytes           <- long/showmediuminfo only
            Encryption:     disabled
            In use by VMs:  Windows 8.1 (UUID: 0e44d03f-7824-46f6-855d-81fbf9b31fc5)   <- long only
            """;

    static final VBoxOutput.Medium SAMPLE_MEDIUM = new VBoxOutput.Medium("4f58019c-f45e-477a-9f82-2b6377bc956b", null,
            "created", "normal (base)", "/Users/x/VMs/Windows 8.1/Windows 8.1.vdi", "VDI", 20480, 20482L);

    @Test
    void mediumSample() {
        assertEquals(SAMPLE_MEDIUM, VBoxOutput.medium(MEDIUM_SAMPLE));
        assertEquals(SAMPLE_MEDIUM, VBoxOutput.medium(MEDIUM_SAMPLE.replace("\n", "\r\n")));
    }

    @Test
    void showMediumInfoLongFormWithDifferencingChildAndSeveralVms() {
        String output = """
                UUID:           85646c6a-fb86-4112-b15e-cab090670778
                Parent UUID:    4f58019c-f45e-477a-9f82-2b6377bc956b
                State:          locked write
                Type:           normal (differencing)
                Auto-Reset:     off
                Location:       C:\\Users\\x\\VirtualBox VMs\\w\\Snapshots\\{85646c6a-fb86-4112-b15e-cab090670778}.vdi
                Storage format: VDI
                Format variant: differencing default
                Capacity:       20480 MBytes
                Size on disk:   2 MBytes
                Encryption:     disabled
                Property:       AllocationBlockSize=1048576
                In use by VMs:  w (UUID: 0e44d03f-7824-46f6-855d-81fbf9b31fc5) [Snapshot 1 (UUID: 5fc461ec-da7a-40a8-a168-03134d7cdf5c)]
                                other (UUID: def44546-e3da-4902-8d15-b91c99c80cbc)
                Child UUIDs:    c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4
                                8e12833b-c6b5-4cbd-b42b-09eff8ffc173
                """;

        assertEquals(new VBoxOutput.Medium("85646c6a-fb86-4112-b15e-cab090670778", "4f58019c-f45e-477a-9f82-2b6377bc956b",
                "locked write", "normal (differencing)",
                "C:\\Users\\x\\VirtualBox VMs\\w\\Snapshots\\{85646c6a-fb86-4112-b15e-cab090670778}.vdi", "VDI", 20480, 2L),
                VBoxOutput.medium(output));
    }

    @Test
    void listHddsShortBlocksWithChildrenDepthFirst() {
        String output = """
                UUID:           4f58019c-f45e-477a-9f82-2b6377bc956b
                Parent UUID:    base
                State:          created
                Type:           normal (base)
                Location:       /Users/x/VMs/Windows 8.1/Windows 8.1.vdi
                Storage format: VDI
                Capacity:       20480 MBytes
                Encryption:     disabled

                UUID:           85646c6a-fb86-4112-b15e-cab090670778
                Parent UUID:    4f58019c-f45e-477a-9f82-2b6377bc956b
                State:          inaccessible
                Type:           normal (differencing)
                Location:       /Users/x/VMs/Windows 8.1/Snapshots/{85646c6a-fb86-4112-b15e-cab090670778}.vdi
                Storage format: VDI
                Capacity:       20480 MBytes
                Encryption:     disabled

                UUID:           32583b48-693e-45d4-882f-e9196d4f43c6
                Parent UUID:    base
                State:          created
                Type:           shareable
                Location:       /srv/shared disk.vmdk
                Storage format: VMDK
                Capacity:       1023 MBytes
                Encryption:     disabled

                """;
        List<VBoxOutput.Medium> expected = List.of(
                new VBoxOutput.Medium("4f58019c-f45e-477a-9f82-2b6377bc956b", null, "created", "normal (base)",
                        "/Users/x/VMs/Windows 8.1/Windows 8.1.vdi", "VDI", 20480, null),
                new VBoxOutput.Medium("85646c6a-fb86-4112-b15e-cab090670778", "4f58019c-f45e-477a-9f82-2b6377bc956b",
                        "inaccessible", "normal (differencing)",
                        "/Users/x/VMs/Windows 8.1/Snapshots/{85646c6a-fb86-4112-b15e-cab090670778}.vdi", "VDI", 20480, null),
                new VBoxOutput.Medium("32583b48-693e-45d4-882f-e9196d4f43c6", null, "created", "shareable",
                        "/srv/shared disk.vmdk", "VMDK", 1023, null));

        assertEquals(expected, VBoxOutput.media(output));
        assertEquals(expected, VBoxOutput.media(output.replace("\n", "\r\n")));
        assertEquals(List.of(SAMPLE_MEDIUM), VBoxOutput.media(MEDIUM_SAMPLE));
        assertEquals(List.of(), VBoxOutput.media(""));
    }

    @Test
    void showMediumInfoWithoutUuidIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VBoxOutput.medium("\n"));
        assertTrue(e.getMessage().contains("UUID"));
    }

    // §9, §12, §16 ------------------------------------------------------------------------------------------------

    /** §9's createvm sample, verbatim. */
    static final String CREATEVM_SAMPLE = """
            Virtual machine 'rocky_vm' is created and registered.
            UUID: b1e97b9a-2c6d-4f58-a54a-2221c9b4c5ad
            Settings file: '/sgoinfre/goinfre/Perso/your_intra/VBox/vms/rocky_vm/rocky_vm.vbox'
            """;

    @Test
    void createvmSample() {
        assertEquals("b1e97b9a-2c6d-4f58-a54a-2221c9b4c5ad", VBoxOutput.uuidAfter(CREATEVM_SAMPLE, "UUID:"));
        assertEquals("/sgoinfre/goinfre/Perso/your_intra/VBox/vms/rocky_vm/rocky_vm.vbox", VBoxOutput.settingsFile(CREATEVM_SAMPLE));
        String windows = ("Virtual machine 'it's mine' is created.\n"
                + "UUID: 0e44d03f-7824-46f6-855d-81fbf9b31fc5\n"
                + "Settings file: 'C:\\Users\\Riggs\\VirtualBox VMs\\it's mine\\it's mine.vbox'\n").replace("\n", "\r\n");
        assertEquals("0e44d03f-7824-46f6-855d-81fbf9b31fc5", VBoxOutput.uuidAfter(windows, "UUID:"));
        assertEquals("C:\\Users\\Riggs\\VirtualBox VMs\\it's mine\\it's mine.vbox", VBoxOutput.settingsFile(windows));
    }

    @Test
    void createmediumAndSnapshotTakeUuids() {
        assertEquals("4f58019c-f45e-477a-9f82-2b6377bc956b",
                VBoxOutput.uuidAfter("Medium created. UUID: 4f58019c-f45e-477a-9f82-2b6377bc956b\n", "Medium created. UUID:"));
        assertEquals("c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4",
                VBoxOutput.uuidAfter("Snapshot taken. UUID: c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4\r\n", "Snapshot taken. UUID:"));
        // "UUID:" also occurs inside "Snapshot taken. UUID:", and still finds its UUID.
        assertEquals("c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4",
                VBoxOutput.uuidAfter("Snapshot taken. UUID: c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4\n", "UUID:"));
    }

    @Test
    void aLineStartingWithTheLabelWinsOverOneContainingIt() {
        String output = "Parent UUID: 85646c6a-fb86-4112-b15e-cab090670778\nUUID: b1e97b9a-2c6d-4f58-a54a-2221c9b4c5ad\n";
        assertEquals("b1e97b9a-2c6d-4f58-a54a-2221c9b4c5ad", VBoxOutput.uuidAfter(output, "UUID:"));
    }

    @Test
    void missingUuidOrSettingsFileIsAClearError() {
        IllegalArgumentException uuid = assertThrows(IllegalArgumentException.class,
                () -> VBoxOutput.uuidAfter("Medium created.\n", "Medium created. UUID:"));
        assertTrue(uuid.getMessage().contains("Medium created. UUID:"));
        assertThrows(IllegalArgumentException.class, () -> VBoxOutput.uuidAfter("UUID: not-a-uuid\n", "UUID:"));
        assertThrows(IllegalArgumentException.class, () -> VBoxOutput.settingsFile("UUID: b1e97b9a-2c6d-4f58-a54a-2221c9b4c5ad\n"));
    }
}
