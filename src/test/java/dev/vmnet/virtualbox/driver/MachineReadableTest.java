package dev.vmnet.virtualbox.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The machine-readable format's quirks (docs/virtualbox.md §8): each is read, none makes the parser fail. */
class MachineReadableTest {

    /** §8's storage sample, verbatim, annotations included. */
    static final String STORAGE_SAMPLE = """
            storagecontrollername0="SATA Controller"
            storagecontrollertype0="IntelAhci"
            storagecontrollerinstance0="0"
            storagecontrollermaxportcount0="30"
            storagecontrollerportcount0="1"
            storagecontrollerbootable0="on"
            "SATA Controller-0-0"="/Users/fix/VirtualBox VMs/go-virtualbox/ubuntu-16.04-amd64-disk001.vmdk"
            "SATA Controller-ImageUUID-0-0"="32583b48-693e-45d4-882f-e9196d4f43c6"
            "SATA Controller-nonrotational-0-0"="off"      (7.0+ only, code/sample)
            "SATA Controller-discard-0-0"="off"            (7.0+ only)
            "IDE Controller-0-1"="none"
            """;

    /** §8's NIC sample, verbatim. */
    static final String NIC_SAMPLE = """
            natnet1="nat"
            macaddress1="0800271A4565"
            cableconnected1="on"
            nic1="nat"
            nictype1="82540EM"
            nicspeed1="0"
            mtu="0"
            sockSnd="64"
            sockRcv="64"
            tcpWndSnd="64"
            tcpWndRcv="64"
            Forwarding(0)="ssh,tcp,127.0.0.1,2201,,22"
            hostonlyadapter2="VirtualBox Host-Only Ethernet Adapter"
            macaddress2="080027AE1F98"
            cableconnected2="on"
            nic2="hostonly"
            nictype2="82540EM"
            nicspeed2="0"
            nic3="none"
            """;

    /** §8's "lines a strict parser must tolerate", as they appear in real output. */
    static final String QUIRKS = """
            name="quirks"
            Encryption:     disabled
            BIOS NVRAM File="/home/u/VirtualBox VMs/quirks/quirks.nvram"
            VideoMode="1024,768,32"@0,0 1
            vrdeproperty[TCP/Ports]="5914"
            vrdeproperty[VideoChannel/Enabled]=<not set>
            VRDEClients==0
             rec_screen0
            rec_screen_enabled="on"
            GuestAdditionsFacility_VirtualBox Base Driver=50,1637864788949
            memory=1024
            vrdeport=-1
            """;

    @Test
    void storageSampleKeepsQuotedKeysUnquoted() {
        Map<String, String> values = MachineReadable.parse(STORAGE_SAMPLE);

        assertEquals("SATA Controller", values.get("storagecontrollername0"));
        assertEquals("30", values.get("storagecontrollermaxportcount0"));
        assertEquals("/Users/fix/VirtualBox VMs/go-virtualbox/ubuntu-16.04-amd64-disk001.vmdk", values.get("SATA Controller-0-0"));
        assertEquals("32583b48-693e-45d4-882f-e9196d4f43c6", values.get("SATA Controller-ImageUUID-0-0"));
        assertEquals("none", values.get("IDE Controller-0-1"));
        assertTrue(values.containsKey("SATA Controller-nonrotational-0-0"));
        assertEquals(11, values.size());
    }

    @Test
    void nicSampleKeepsTheFirstOfRepeatedKeys() {
        Map<String, String> values = MachineReadable.parse(NIC_SAMPLE + """
                natnet4="10.0.4.0/24"
                nic4="nat"
                mtu="1500"
                sockSnd="128"
                """);

        assertEquals("nat", values.get("natnet1"));
        assertEquals("0800271A4565", values.get("macaddress1"));
        assertEquals("ssh,tcp,127.0.0.1,2201,,22", values.get("Forwarding(0)"));
        assertEquals("VirtualBox Host-Only Ethernet Adapter", values.get("hostonlyadapter2"));
        assertEquals("none", values.get("nic3"));
        assertEquals("0", values.get("mtu"));
        assertEquals("64", values.get("sockSnd"));
        assertEquals("10.0.4.0/24", values.get("natnet4"));
    }

    @Test
    void toleratesEveryQuirkyLine() {
        Map<String, String> values = MachineReadable.parse(QUIRKS);

        assertEquals("quirks", values.get("name"));
        assertEquals("/home/u/VirtualBox VMs/quirks/quirks.nvram", values.get("BIOS NVRAM File"));
        assertEquals("\"1024,768,32\"@0,0 1", values.get("VideoMode"));
        assertEquals("5914", values.get("vrdeproperty[TCP/Ports]"));
        assertEquals("<not set>", values.get("vrdeproperty[VideoChannel/Enabled]"));
        assertEquals("0", values.get("VRDEClients"));
        assertEquals("on", values.get("rec_screen_enabled"));
        assertEquals("50,1637864788949", values.get("GuestAdditionsFacility_VirtualBox Base Driver"));
        assertEquals("1024", values.get("memory"));
        assertEquals("-1", values.get("vrdeport"));
        assertFalse(values.containsKey(" rec_screen0"));
        assertFalse(values.keySet().stream().anyMatch(k -> k.startsWith("Encryption")));
        assertEquals(List.of("name", "BIOS NVRAM File", "VideoMode", "vrdeproperty[TCP/Ports]",
                "vrdeproperty[VideoChannel/Enabled]", "VRDEClients", "rec_screen_enabled",
                "GuestAdditionsFacility_VirtualBox Base Driver", "memory", "vrdeport"), List.copyOf(values.keySet()));
    }

    @Test
    void unescapesEscapedValuesAndKeys() {
        Map<String, String> values = MachineReadable.parse("""
                CfgFile="C:\\\\Users\\\\Riggs\\\\VirtualBox VMs\\\\...vbox"
                description="say \\"hi\\" to C:\\\\temp"
                "My \\"disk\\" ctl-0-0"="/vm/a.vdi"
                "key=with=equals"="v"
                """);

        assertEquals("C:\\Users\\Riggs\\VirtualBox VMs\\...vbox", values.get("CfgFile"));
        assertEquals("say \"hi\" to C:\\temp", values.get("description"));
        assertEquals("/vm/a.vdi", values.get("My \"disk\" ctl-0-0"));
        assertEquals("v", values.get("key=with=equals"));
    }

    @Test
    void rawValuesKeepQuotesAndBackslashes() {
        Map<String, String> values = MachineReadable.parse("""
                bridgeadapter1="my "if""
                SnapshotName-1="a "quoted" \\\\name"
                VMStateFile="C:\\Users\\x\\VirtualBox VMs\\w\\Snapshots\\2022-12-17T09-55-20-000000000Z.sav"
                uartmode1="file,C:\\\\temp\\com1.log"
                """);

        assertEquals("my \"if\"", values.get("bridgeadapter1"));
        assertEquals("a \"quoted\" \\\\name", values.get("SnapshotName-1"));
        assertEquals("C:\\Users\\x\\VirtualBox VMs\\w\\Snapshots\\2022-12-17T09-55-20-000000000Z.sav", values.get("VMStateFile"));
        assertEquals("file,C:\\\\temp\\com1.log", values.get("uartmode1"));
    }

    @Test
    void cpuidOverridesShareALineWithTheNextKey() {
        Map<String, String> values = MachineReadable.parse("""
                nested-hw-virt="off"
                cpuid=00000001,00000000,000306a9,00100800,87982203,178bfbffcpuid=80000001,00000000,00000000,00000000,00000001,28100800hwvirtex="on"
                nestedpaging="on"
                """);

        assertEquals("00000001,00000000,000306a9,00100800,87982203,178bfbff", values.get("cpuid"));
        assertEquals("on", values.get("hwvirtex"));
        assertEquals("on", values.get("nestedpaging"));
        assertEquals("off", values.get("nested-hw-virt"));
    }

    @Test
    void descriptionsMayRunOverSeveralLines() {
        Map<String, String> values = MachineReadable.parse("""
                description="first line
                second \\"line\\"
                third\\\\"
                GuestMemoryBalloon=0
                """);

        assertEquals("first line\nsecond \"line\"\nthird\\", values.get("description"));
        assertEquals("0", values.get("GuestMemoryBalloon"));
    }

    @Test
    void anUnterminatedDescriptionDoesNotSwallowTheRest() {
        Map<String, String> values = MachineReadable.parse("""
                description="no end
                memory=512
                """);

        assertEquals("\"no end", values.get("description"));
        assertEquals("512", values.get("memory"));
    }

    @Test
    void crlfAndLoneCrAreLineEnds() {
        Map<String, String> lf = MachineReadable.parse(QUIRKS + NIC_SAMPLE + STORAGE_SAMPLE);
        Map<String, String> crlf = MachineReadable.parse((QUIRKS + NIC_SAMPLE + STORAGE_SAMPLE).replace("\n", "\r\n"));
        Map<String, String> cr = MachineReadable.parse((QUIRKS + NIC_SAMPLE).replace("\n", "\r"));

        assertEquals(lf, crlf);
        assertEquals(List.copyOf(lf.keySet()), List.copyOf(crlf.keySet()));
        assertEquals("0", crlf.get("VRDEClients"));
        assertEquals("1024", cr.get("memory"));
        assertEquals("on", cr.get("cableconnected2"));
    }

    @Test
    void emptyAndBlankInputGiveAnEmptyMap() {
        assertTrue(MachineReadable.parse("").isEmpty());
        assertTrue(MachineReadable.parse(null).isEmpty());
        assertTrue(MachineReadable.parse("\n\r\n   \n=novalue\n\"unterminated\n").isEmpty());
    }

    @Test
    void emptyQuotedValuesAreEmptyStrings() {
        Map<String, String> values = MachineReadable.parse("teleporteraddress=\"\"\ndefaultfrontend=\"\"\n");

        assertEquals("", values.get("teleporteraddress"));
        assertEquals("", values.get("defaultfrontend"));
    }
}
