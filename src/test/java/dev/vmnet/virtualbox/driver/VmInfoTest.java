package dev.vmnet.virtualbox.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code showvminfo --machinereadable} read into a {@link VmInfo} (docs/virtualbox.md §8). */
class VmInfoTest {

    /**
     * A running 7.0 VM, built from §8's lines: its storage and NIC samples verbatim, the raw Encryption line, the
     * "BIOS NVRAM File" key, cpuid overrides without newline, the running-only VideoMode and VRDEClients== lines,
     * " rec_screen0", vrdeproperty[...]=&lt;not set&gt;, §16's snapshot sample and the GuestAdditionsFacility keys.
     */
    static final String VM_70 = """
            name="go-virtualbox"
            Encryption:     disabled
            groups="/"
            ostype="Ubuntu (64-bit)"
            UUID="def44546-e3da-4902-8d15-b91c99c80cbc"
            CfgFile="/Users/fix/VirtualBox VMs/go-virtualbox/go-virtualbox.vbox"
            SnapFldr="/Users/fix/VirtualBox VMs/go-virtualbox/Snapshots"
            LogFldr="/Users/fix/VirtualBox VMs/go-virtualbox/Logs"
            hardwareuuid="def44546-e3da-4902-8d15-b91c99c80cbc"
            memory=1024
            pagefusion="off"
            vram=16
            cpuexecutioncap=100
            hpet="off"
            cpu-profile="host"
            chipset="piix3"
            firmware="BIOS"
            cpus=2
            pae="on"
            longmode="on"
            triplefaultreset="off"
            apic="on"
            x2apic="off"
            nested-hw-virt="off"
            cpuid=00000001,00000000,000306a9,00100800,87982203,178bfbffhwvirtex="on"
            nestedpaging="on"
            largepages="off"
            vtxvpid="on"
            vtxux="on"
            virtvmsavevmload="on"
            cpuid-portability-level=0
            bootmenu="messageandmenu"
            boot1="floppy"
            boot2="dvd"
            boot3="disk"
            boot4="none"
            acpi="on"
            ioapic="on"
            biosapic="apic"
            biossystemtimeoffset=0
            BIOS NVRAM File="/Users/fix/VirtualBox VMs/go-virtualbox/go-virtualbox.nvram"
            rtcuseutc="on"
            iommu="none"
            paravirtprovider="default"
            effparavirtprovider="kvm"
            VMState="running"
            VMStateChangeTime="2022-12-17T09:55:20.000000000"
            graphicscontroller="vmsvga"
            monitorcount=1
            accelerate3d="off"
            accelerate2dvideo="off"
            teleporterenabled="off"
            teleporterport=0
            teleporteraddress=""
            teleporterpassword=""
            tracing-enabled="off"
            tracing-allow-vm-access="off"
            tracing-config=""
            autostart-enabled="off"
            autostart-delay=0
            defaultfrontend=""
            vmprocpriority="default"
            storagecontrollername0="SATA Controller"
            storagecontrollertype0="IntelAhci"
            storagecontrollerinstance0="0"
            storagecontrollermaxportcount0="30"
            storagecontrollerportcount0="1"
            storagecontrollerbootable0="on"
            storagecontrollername1="IDE Controller"
            storagecontrollertype1="PIIX4"
            storagecontrollerinstance1="0"
            storagecontrollermaxportcount1="2"
            storagecontrollerportcount1="2"
            storagecontrollerbootable1="on"
            "SATA Controller-0-0"="/Users/fix/VirtualBox VMs/go-virtualbox/ubuntu-16.04-amd64-disk001.vmdk"
            "SATA Controller-ImageUUID-0-0"="32583b48-693e-45d4-882f-e9196d4f43c6"
            "SATA Controller-nonrotational-0-0"="off"      (7.0+ only, code/sample)
            "SATA Controller-discard-0-0"="off"            (7.0+ only)
            "IDE Controller-0-0"="emptydrive"
            "IDE Controller-IsEjected-0-0"="off"
            "IDE Controller-0-1"="none"
            "IDE Controller-1-0"="none"
            "IDE Controller-1-1"="none"
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
            macaddress4="080027C0FFEE"
            cableconnected4="off"
            nic4="null"
            nictype4="virtio"
            nicspeed4="1000000"
            nic5="none"
            nic6="none"
            nic7="none"
            nic8="none"
            hidpointing="ps2mouse"
            hidkeyboard="ps2kbd"
            uart1="0x03f8,4"
            uartmode1="tcpserver,47001"
            uarttype1="16550A"
            uart2="off"
            uart3="off"
            uart4="off"
            lpt1="off"
            lpt2="off"
            audio="none"
            audio_out="off"
            audio_in="off"
            clipboard="disabled"
            draganddrop="disabled"
            SessionName="headless"
            VideoMode="1024,768,32"@0,0 1
            vrde="on"
            vrdeport=5914
            vrdeports="5914"
            vrdeaddress="127.0.0.1"
            vrdeauthtype="null"
            vrdemulticon="off"
            vrdereusecon="off"
            vrdevideochannel="off"
            vrdeproperty[TCP/Ports]="5914"
            vrdeproperty[TCP/Address]="127.0.0.1"
            vrdeproperty[VideoChannel/Enabled]=<not set>
            vrdeproperty[VideoChannel/Quality]=<not set>
            usb="off"
            ehci="off"
            xhci="off"
            VRDEActiveConnection="off"
            VRDEClients==0
            recording_enabled="off"
            recording_screens=1
             rec_screen0
            rec_screen_enabled="on"
            rec_screen_id=0
            rec_screen_video_enabled="on"
            rec_screen_audio_enabled="off"
            rec_screen_dest="File"
            rec_screen_dest_filename="/Users/fix/VirtualBox VMs/go-virtualbox/go-virtualbox-screen0.webm"
            rec_screen_opts="vc_enabled=true,ac_enabled=false,ac_profile=med"
            rec_screen_video_res_xy="1024x768"
            rec_screen_video_rate_kbps=512
            rec_screen_video_fps=25
            description="Packer test box"
            SnapshotName="Imported"
            SnapshotUUID="7e5b4165-91ec-4091-a74c-a5709d584530"
            SnapshotName-1="Snapshot 1"
            SnapshotUUID-1="5fc461ec-da7a-40a8-a168-03134d7cdf5c"
            SnapshotName-1-1="Snapshot 2"
            SnapshotUUID-1-1="8e12833b-c6b5-4cbd-b42b-09eff8ffc173"
            SnapshotName-1-2="Snapshot-Export"
            SnapshotUUID-1-2="c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4"
            CurrentSnapshotName="Snapshot-Export"
            CurrentSnapshotUUID="c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4"
            CurrentSnapshotNode="SnapshotName-1-2"
            SnapshotName-2="Snapshot 5"
            SnapshotUUID-2="85646c6a-fb86-4112-b15e-cab090670778"
            GuestMemoryBalloon=0
            GuestOSType="Ubuntu_64"
            GuestAdditionsRunLevel=2
            GuestAdditionsVersion="7.0.14 r161095"
            GuestAdditionsFacility_VirtualBox Base Driver=50,1637864788949
            GuestAdditionsFacility_VirtualBox System Service=50,1637864789165
            GuestAdditionsFacility_Seamless Mode=0,1637864788936
            GuestAdditionsFacility_Graphics Mode=0,1637864788935
            """;

    /**
     * A saved 7.1 VM on Windows: encryption and platformArchitecture keys, NvramFile, escaped Windows paths, a raw
     * VMStateFile, controllers named "SATA" (so -hot-pluggable- lines appear) and "SATA-2" (a name with a dash and a
     * digit), a bridged NIC whose raw name holds quotes, intnet, natnetwork and Generic NICs, a file UART.
     */
    static final String VM_71 = """
            name="win11 \\"dev\\""
            encryption="disabled"
            groups="/lab"
            platformArchitecture="x86"
            ostype="Windows11_64"
            UUID="0e44d03f-7824-46f6-855d-81fbf9b31fc5"
            CfgFile="C:\\\\Users\\\\Riggs\\\\VirtualBox VMs\\\\win11\\\\win11.vbox"
            SnapFldr="C:\\\\Users\\\\Riggs\\\\VirtualBox VMs\\\\win11\\\\Snapshots"
            LogFldr="C:\\\\Users\\\\Riggs\\\\VirtualBox VMs\\\\win11\\\\Logs"
            memory=4096
            vram=128
            chipset="ich9"
            firmware="EFI"
            cpus=4
            NvramFile="C:\\\\Users\\\\Riggs\\\\VirtualBox VMs\\\\win11\\\\win11.nvram"
            SecureBoot="on"
            VMState="saved"
            VMStateChangeTime="2024-11-02T18:04:09.123000000"
            VMStateFile="C:\\Users\\Riggs\\VirtualBox VMs\\win11\\Snapshots\\2024-11-02T18-04-09-123000000Z.sav"
            storagecontrollername0="SATA"
            storagecontrollertype0="IntelAhci"
            storagecontrollerinstance0="0"
            storagecontrollermaxportcount0="30"
            storagecontrollerportcount0="3"
            storagecontrollerbootable0="on"
            storagecontrollername1="SATA-2"
            storagecontrollertype1="IntelAhci"
            storagecontrollerinstance1="1"
            storagecontrollermaxportcount1="30"
            storagecontrollerportcount1="1"
            storagecontrollerbootable1="off"
            "SATA-0-0"="C:\\\\Users\\\\Riggs\\\\VirtualBox VMs\\\\win11\\\\win11.vdi"
            "SATA-ImageUUID-0-0"="4f58019c-f45e-477a-9f82-2b6377bc956b"
            "SATA-hot-pluggable-0-0"="off"
            "SATA-nonrotational-0-0"="on"
            "SATA-discard-0-0"="on"
            "SATA-1-0"="none"
            "SATA-2-0"="C:\\\\iso\\\\Win11_23H2.iso"
            "SATA-ImageUUID-2-0"="c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4"
            "SATA-tempeject-2-0"="off"
            "SATA-IsEjected-2-0"="off"
            "SATA-hot-pluggable-2-0"="off"
            "SATA-nonrotational-2-0"="off"
            "SATA-discard-2-0"="off"
            "SATA-2-0-0"="D:\\\\data.vdi"
            "SATA-2-ImageUUID-0-0"="85646c6a-fb86-4112-b15e-cab090670778"
            "SATA-2-nonrotational-0-0"="off"
            "SATA-2-discard-0-0"="off"
            bridgeadapter1="my "if""
            macaddress1="080027123456"
            cableconnected1="on"
            nic1="bridged"
            nictype1="82545EM"
            nicspeed1="0"
            intnet2="vmnet-lan"
            macaddress2="080027654321"
            cableconnected2="off"
            nic2="intnet"
            nictype2="virtio"
            nicspeed2="0"
            nat-network3="NatNetwork"
            macaddress3="0800270A0B0C"
            cableconnected3="on"
            nic3="natnetwork"
            nictype3="82540EM"
            nicspeed3="0"
            generic4="VDE"
            macaddress4="0800270D0E0F"
            cableconnected4="on"
            nic4="Generic"
            nictype4="82540EM"
            nicspeed4="0"
            nic5="none"
            hidpointing="usbtablet"
            hidkeyboard="ps2kbd"
            uart1="0x03f8,4"
            uartmode1="file,C:\\temp\\com1.log"
            uarttype1="16550A"
            uart2="0x02f8,3"
            uartmode2="disconnected"
            uarttype2="16450"
            uart3="0x03e8,4"
            uartmode3="COM1"
            uarttype3="16750"
            uart4="off"
            GuestMemoryBalloon=0
            """;

    @Test
    void readsEveryFieldOfThe70Sample() {
        VmInfo vm = VmInfo.from(MachineReadable.parse(VM_70));

        assertEquals("def44546-e3da-4902-8d15-b91c99c80cbc", vm.uuid());
        assertEquals("go-virtualbox", vm.name());
        assertEquals("Ubuntu (64-bit)", vm.osType());
        assertEquals("running", vm.state());
        assertEquals(Instant.parse("2022-12-17T09:55:20Z"), vm.stateChangedAt());
        assertEquals(1024, vm.memoryMb());
        assertEquals(2, vm.cpus());
        assertEquals("/Users/fix/VirtualBox VMs/go-virtualbox/go-virtualbox.vbox", vm.settingsFile());
        assertEquals("Packer test box", vm.description());

        assertEquals(List.of(
                new VmInfo.StorageController("SATA Controller", "IntelAhci", 0, 1, 30, true, List.of(
                        new VmInfo.Attachment(0, 0, "/Users/fix/VirtualBox VMs/go-virtualbox/ubuntu-16.04-amd64-disk001.vmdk",
                                "32583b48-693e-45d4-882f-e9196d4f43c6"))),
                new VmInfo.StorageController("IDE Controller", "PIIX4", 0, 2, 2, true, List.of(
                        new VmInfo.Attachment(0, 0, "emptydrive", null)))),
                vm.storageControllers());

        assertEquals(List.of(
                new VmInfo.Nic(1, true, "nat", "82540EM", "0800271A4565", true, 0, "nat"),
                new VmInfo.Nic(2, true, "hostonly", "82540EM", "080027AE1F98", true, 0, "VirtualBox Host-Only Ethernet Adapter"),
                new VmInfo.Nic(3, false, "none", null, null, false, 0, null),
                new VmInfo.Nic(4, true, "null", "virtio", "080027C0FFEE", false, 1000000, null),
                new VmInfo.Nic(5, false, "none", null, null, false, 0, null),
                new VmInfo.Nic(6, false, "none", null, null, false, 0, null),
                new VmInfo.Nic(7, false, "none", null, null, false, 0, null),
                new VmInfo.Nic(8, false, "none", null, null, false, 0, null)),
                vm.nics());

        assertEquals(List.of(
                new VmInfo.Uart(1, true, "0x03f8", 4, "tcpserver", "47001", "16550A"),
                new VmInfo.Uart(2, false, null, null, null, null, null),
                new VmInfo.Uart(3, false, null, null, null, null, null),
                new VmInfo.Uart(4, false, null, null, null, null, null)),
                vm.uarts());

        assertEquals(SnapshotsTest.SAMPLE_SNAPSHOTS, vm.snapshots());
        assertEquals("c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4", vm.currentSnapshotUuid());
    }

    @Test
    void the70SampleKeepsItsQuirkyLinesInTheMap() {
        Map<String, String> values = MachineReadable.parse(VM_70);

        assertEquals("/Users/fix/VirtualBox VMs/go-virtualbox/go-virtualbox.nvram", values.get("BIOS NVRAM File"));
        assertEquals("on", values.get("hwvirtex"));
        assertEquals("0", values.get("VRDEClients"));
        assertEquals("<not set>", values.get("vrdeproperty[VideoChannel/Enabled]"));
        assertEquals("50,1637864788949", values.get("GuestAdditionsFacility_VirtualBox Base Driver"));
        assertEquals("vc_enabled=true,ac_enabled=false,ac_profile=med", values.get("rec_screen_opts"));
    }

    @Test
    void readsEveryFieldOfThe71Sample() {
        VmInfo vm = VmInfo.from(MachineReadable.parse(VM_71));

        assertEquals("0e44d03f-7824-46f6-855d-81fbf9b31fc5", vm.uuid());
        assertEquals("win11 \"dev\"", vm.name());
        assertEquals("Windows11_64", vm.osType());
        assertEquals("saved", vm.state());
        assertEquals(Instant.parse("2024-11-02T18:04:09.123Z"), vm.stateChangedAt());
        assertEquals(4096, vm.memoryMb());
        assertEquals(4, vm.cpus());
        assertEquals("C:\\Users\\Riggs\\VirtualBox VMs\\win11\\win11.vbox", vm.settingsFile());
        assertNull(vm.description());

        assertEquals(List.of(
                new VmInfo.StorageController("SATA", "IntelAhci", 0, 3, 30, true, List.of(
                        new VmInfo.Attachment(0, 0, "C:\\Users\\Riggs\\VirtualBox VMs\\win11\\win11.vdi",
                                "4f58019c-f45e-477a-9f82-2b6377bc956b"),
                        new VmInfo.Attachment(2, 0, "C:\\iso\\Win11_23H2.iso", "c857d1b8-4fd6-4044-9d2c-c6e465b3cdd4"))),
                new VmInfo.StorageController("SATA-2", "IntelAhci", 1, 1, 30, false, List.of(
                        new VmInfo.Attachment(0, 0, "D:\\data.vdi", "85646c6a-fb86-4112-b15e-cab090670778")))),
                vm.storageControllers());

        assertEquals(List.of(
                new VmInfo.Nic(1, true, "bridged", "82545EM", "080027123456", true, 0, "my \"if\""),
                new VmInfo.Nic(2, true, "intnet", "virtio", "080027654321", false, 0, "vmnet-lan"),
                new VmInfo.Nic(3, true, "natnetwork", "82540EM", "0800270A0B0C", true, 0, "NatNetwork"),
                new VmInfo.Nic(4, true, "generic", "82540EM", "0800270D0E0F", true, 0, "VDE"),
                new VmInfo.Nic(5, false, "none", null, null, false, 0, null)),
                vm.nics());

        assertEquals(List.of(
                new VmInfo.Uart(1, true, "0x03f8", 4, "file", "C:\\temp\\com1.log", "16550A"),
                new VmInfo.Uart(2, true, "0x02f8", 3, "disconnected", null, "16450"),
                new VmInfo.Uart(3, true, "0x03e8", 4, "device", "COM1", "16750"),
                new VmInfo.Uart(4, false, null, null, null, null, null)),
                vm.uarts());

        assertEquals(List.of(), vm.snapshots());
        assertNull(vm.currentSnapshotUuid());
    }

    @Test
    void crlfGivesTheSameVm() {
        assertEquals(VmInfo.from(MachineReadable.parse(VM_70)), VmInfo.from(MachineReadable.parse(VM_70.replace("\n", "\r\n"))));
        assertEquals(VmInfo.from(MachineReadable.parse(VM_71)), VmInfo.from(MachineReadable.parse(VM_71.replace("\n", "\r\n"))));
    }

    @Test
    void anInaccessibleVmHasOnlyItsUuid() {
        VmInfo vm = VmInfo.from(MachineReadable.parse("""
                name="<inaccessible>"
                UUID="2e16b1fc-675d-4a7a-a9a1-e89a8bde7874"
                """));

        assertEquals("inaccessible", vm.state());
        assertEquals("<inaccessible>", vm.name());
        assertEquals("2e16b1fc-675d-4a7a-a9a1-e89a8bde7874", vm.uuid());
        assertNull(vm.osType());
        assertNull(vm.stateChangedAt());
        assertNull(vm.memoryMb());
        assertEquals(List.of(), vm.storageControllers());
        assertEquals(List.of(), vm.nics());
    }

    @Test
    void anUnknownOsTypeIsTheRawId() {
        // §9: 7.0 accepts any --ostype and showvminfo then prints the raw id.
        VmInfo vm = VmInfo.from(MachineReadable.parse("""
                name="odd"
                ostype="NoSuchOS_64"
                UUID="2e16b1fc-675d-4a7a-a9a1-e89a8bde7874"
                VMState="poweroff"
                VMStateChangeTime="2022-12-17T09:55:20.000000000Z"
                """));

        assertEquals("NoSuchOS_64", vm.osType());
        assertEquals(Instant.parse("2022-12-17T09:55:20Z"), vm.stateChangedAt());
        assertNull(vm.memoryMb());
    }

    @Test
    void aMissingRequiredFieldIsAClearError() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> VmInfo.from(MachineReadable.parse("")));
        assertTrue(empty.getMessage().contains("UUID"));

        IllegalArgumentException noState = assertThrows(IllegalArgumentException.class,
                () -> VmInfo.from(MachineReadable.parse("name=\"x\"\nUUID=\"2e16b1fc-675d-4a7a-a9a1-e89a8bde7874\"\n")));
        assertTrue(noState.getMessage().contains("VMState"));
    }

    @Test
    void unparseableNumbersAndTimesAreNull() {
        VmInfo vm = VmInfo.from(MachineReadable.parse("""
                name="x"
                UUID="2e16b1fc-675d-4a7a-a9a1-e89a8bde7874"
                VMState="poweroff"
                VMStateChangeTime="yesterday"
                memory=lots
                """));

        assertNull(vm.stateChangedAt());
        assertNull(vm.memoryMb());
        assertNull(vm.cpus());
    }
}
