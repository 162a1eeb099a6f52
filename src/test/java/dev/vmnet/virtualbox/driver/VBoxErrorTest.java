package dev.vmnet.virtualbox.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** VBoxManage's stderr (docs/virtualbox.md §1, §18), from the doc's samples. */
class VBoxErrorTest {

    /** §14: startvm while a session exists, verbatim. */
    static final String STARTVM_LOCKED = """
            VBoxManage: error: The machine 'DC01' is already locked by a session (or being locked or unlocked)
            VBoxManage: error: Details: code VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), component MachineWrap, interface IMachine, callee nsISupports
            VBoxManage: error: Context: "LaunchVMProcess(a->session, sessionType.raw(), ComSafeArrayAsInParam(aBstrEnv), progress.asOutParam())" at line 726 of file VBoxManageMisc.cpp
            """;

    /** §18: unknown VM, verbatim. */
    static final String UNKNOWN_VM = """
            VBoxManage: error: Could not find a registered machine named 'xtec-4'
            VBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component VirtualBoxWrap, interface IVirtualBox, callee nsISupports
            VBoxManage: error: Context: "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())" at line 3138 of file VBoxManageInfo.cpp
            """;

    /** §12: createmedium on an existing file, verbatim (a 6.x capture with its Progress state line). */
    static final String CREATEMEDIUM_EXISTS = """
            0%...
            Progress state: VBOX_E_FILE_ERROR
            VBoxManage: error: Failed to create medium
            VBoxManage: error: Could not create the medium storage unit '/home/u/disk_osd-osd1.vdi'.
            VBoxManage: error: VDI: cannot create image '/home/u/disk_osd-osd1.vdi' (VERR_ALREADY_EXISTS)
            VBoxManage: error: Details: code VBOX_E_FILE_ERROR (0x80bb0004), component MediumWrap, interface IMedium
            VBoxManage: error: Context: "RTEXITCODE handleCreateMedium(HandlerArg *)" at line 510 of file VBoxManageDisk.cpp
            """;

    /** §10: modifyvm on a running VM, verbatim. */
    static final String MODIFYVM_LOCKED = """
            VBoxManage: error: The machine 'debian_vm' is already locked for a session (or being unlocked)
            VBoxManage: error: Details: code VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), component MachineWrap, interface IMachine, callee nsISupports
            VBoxManage: error: Context: "LockMachine(a->session, LockType_Write)" at line 641 of file VBoxManageModifyVM.cpp
            """;

    /** §1: errorSyntax's logo, the error, a blank line and the usage, all on stderr, exit 2. */
    static final String SYNTAX_ERROR = """
            Oracle VM VirtualBox Command Line Management Interface Version 7.0.14
            Copyright (C) 2005-2024 Oracle and/or its affiliates

            VBoxManage: error: Unknown option: --foo
            Usage - Change settings for a virtual machine:

              VBoxManage modifyvm <uuid|vmname> [--name=name] [--groups=group [,group...]]
                  [--description=description] [--os-type=OS-type] [--icon-file=filename]
                  [--memory=size-in-MB] [--page-fusion=on | off] [--vram=size-in-MB]
            """;

    @Test
    void startvmLockSample() {
        VBoxError error = VBoxError.parse(1, STARTVM_LOCKED);

        assertEquals(new VBoxError(1, "The machine 'DC01' is already locked by a session (or being locked or unlocked)",
                "VBOX_E_INVALID_OBJECT_STATE", "0x80bb0007", "MachineWrap", List.of()), error);
        assertTrue(error.locked());
        assertFalse(error.objectNotFound());
        assertFalse(error.invalidVmState());
        assertFalse(error.notRunning());
        assertFalse(error.invalidArgument());
        assertFalse(error.fileError());
        assertTrue(VBoxError.hasError(STARTVM_LOCKED));
    }

    @Test
    void unknownVmSample() {
        VBoxError error = VBoxError.parse(1, UNKNOWN_VM);

        assertEquals(new VBoxError(1, "Could not find a registered machine named 'xtec-4'",
                "VBOX_E_OBJECT_NOT_FOUND", "0x80bb0001", "VirtualBoxWrap", List.of()), error);
        assertTrue(error.objectNotFound());
        assertFalse(error.locked());
    }

    @Test
    void unknownVmWithoutDetailsIsFoundByItsText() {
        VBoxError error = VBoxError.parse(1, "VBoxManage: error: Could not find a registered machine with UUID {2e16b1fc-675d-4a7a-a9a1-e89a8bde7874}\n");

        assertTrue(error.objectNotFound());
        assertNull(error.hexCode());
    }

    @Test
    void createmediumProgressFailureSample() {
        VBoxError error = VBoxError.parse(1, CREATEMEDIUM_EXISTS);

        assertEquals("Failed to create medium\n"
                + "Could not create the medium storage unit '/home/u/disk_osd-osd1.vdi'.\n"
                + "VDI: cannot create image '/home/u/disk_osd-osd1.vdi' (VERR_ALREADY_EXISTS)", error.message());
        assertEquals("VBOX_E_FILE_ERROR", error.codeName());
        assertEquals("0x80bb0004", error.hexCode());
        assertEquals("MediumWrap", error.component());
        assertTrue(error.fileError());
        assertFalse(error.locked());
    }

    @Test
    void progressFailureIn7xPrintsTheCodeAfterTheBar() {
        // §1: 7.x prints %Rhrc right after "0%..." on the same line.
        VBoxError error = VBoxError.parse(1, """
                0%...VBOX_E_FILE_ERROR
                VBoxManage: error: Failed to create medium
                VBoxManage: error: Could not create the medium storage unit '/home/u/d.vdi'.
                """);

        assertEquals("Failed to create medium\nCould not create the medium storage unit '/home/u/d.vdi'.", error.message());
        assertEquals("VBOX_E_FILE_ERROR", error.codeName());
        assertEquals("0x80bb0004", error.hexCode());
        assertNull(error.component());
        assertTrue(error.fileError());
    }

    @Test
    void modifyvmLockSample() {
        VBoxError error = VBoxError.parse(1, MODIFYVM_LOCKED);

        assertEquals("The machine 'debian_vm' is already locked for a session (or being unlocked)", error.message());
        assertEquals("VBOX_E_INVALID_OBJECT_STATE", error.codeName());
        assertTrue(error.locked());
    }

    @Test
    void lockRequestPendingIsLockedWithoutDetails() {
        assertTrue(VBoxError.parse(1, "VBoxManage: error: The machine 'x' already has a lock request pending\n").locked());
    }

    @Test
    void syntaxErrorWithLogoAndUsage() {
        VBoxError error = VBoxError.parse(2, SYNTAX_ERROR);

        assertEquals("Unknown option: --foo", error.message());
        assertNull(error.codeName());
        assertNull(error.hexCode());
        assertTrue(error.invalidArgument());
        assertFalse(error.locked());
        assertTrue(VBoxError.hasError(SYNTAX_ERROR));
    }

    @Test
    void aSyntaxErrorRepeatedAfterALongUsageIsKeptOnce() {
        VBoxError error = VBoxError.parse(2, SYNTAX_ERROR + "\nVBoxManage: error: Unknown option: --foo\n");

        assertEquals("Unknown option: --foo", error.message());
    }

    @Test
    void usageWithoutAnErrorLineGivesItsFirstLine() {
        VBoxError error = VBoxError.parse(1, """

                Usage - Create a new virtual machine:

                  VBoxManage createvm --name=name [--basefolder=basefolder] [--default]
                """);

        assertEquals("Usage - Create a new virtual machine:", error.message());
        assertFalse(error.invalidArgument());
        assertFalse(VBoxError.hasError("Usage - Create a new virtual machine:\n"));
    }

    @Test
    void warningOnlyWithExitZero() {
        String stderr = "VBoxManage: warning: Interface \"eth9\" doesn't seem to exist\n";
        VBoxError error = VBoxError.parse(0, stderr);

        assertFalse(VBoxError.hasError(stderr));
        assertEquals(List.of("Interface \"eth9\" doesn't seem to exist"), error.warnings());
        assertEquals("Interface \"eth9\" doesn't seem to exist", error.message());
        assertNull(error.codeName());
    }

    @Test
    void warningsNextToAnError() {
        VBoxError error = VBoxError.parse(1, """
                VBoxManage: warning: Interface "eth9" doesn't seem to exist
                VBoxManage: error: Empty or null bridged interface name is not valid
                """);

        assertEquals("Empty or null bridged interface name is not valid", error.message());
        assertEquals(List.of("Interface \"eth9\" doesn't seem to exist"), error.warnings());
    }

    @Test
    void machineNotCurrentlyRunning() {
        VBoxError error = VBoxError.parse(1, "VBoxManage: error: Machine 'x' is not currently running.\n");

        assertEquals("Machine 'x' is not currently running.", error.message());
        assertTrue(error.notRunning());
        assertTrue(error.invalidVmState());
        assertFalse(error.locked());
        assertNull(error.hexCode());
    }

    @Test
    void notMutableIsAnInvalidVmState() {
        VBoxError error = VBoxError.parse(1, """
                VBoxManage: error: The machine is not mutable (state is Saved)
                VBoxManage: error: Details: code VBOX_E_INVALID_VM_STATE (0x80bb0002), component SessionMachine, interface IMachine, callee nsISupports
                VBoxManage: error: Context: "COMSETTER(MemorySize)(uMemory)" at line 881 of file VBoxManageModifyVM.cpp
                """);

        assertTrue(error.invalidVmState());
        assertFalse(error.notRunning());
        assertEquals("SessionMachine", error.component());
    }

    @Test
    void invalidArgumentByCode() {
        VBoxError error = VBoxError.parse(1, """
                VBoxManage: error: Invalid MAC address format
                VBoxManage: error: Details: code E_INVALIDARG (0x80070057), component NetworkAdapterWrap, interface INetworkAdapter, callee nsISupports
                VBoxManage: error: Context: "COMSETTER(MACAddress)(Bstr(ValueUnion.psz).raw())" at line 1750 of file VBoxManageModifyVM.cpp
                """);

        assertTrue(error.invalidArgument());
        assertEquals("0x80070057", error.hexCode());
    }

    @Test
    void crlfAndTheWindowsExePrefix() {
        String stderr = STARTVM_LOCKED.replace("VBoxManage: ", "VBoxManage.exe: ").replace("callee nsISupports", "callee IUnknown")
                .replace("\n", "\r\n");
        VBoxError error = VBoxError.parse(1, stderr);

        assertEquals(new VBoxError(1, "The machine 'DC01' is already locked by a session (or being locked or unlocked)",
                "VBOX_E_INVALID_OBJECT_STATE", "0x80bb0007", "MachineWrap", List.of()), error);
        assertTrue(error.locked());
        assertTrue(VBoxError.hasError(stderr));
        assertEquals(VBoxError.parse(1, UNKNOWN_VM), VBoxError.parse(1, UNKNOWN_VM.replace("VBoxManage:", "VBoxManage.exe:")
                .replace("\n", "\r\n")));
    }

    @Test
    void chainedErrorsAreJoinedWithoutTheSeparator() {
        VBoxError error = VBoxError.parse(1, """
                0%...10%...20%...
                VBoxManage: error: Machine delete failed
                VBoxManage: error: Medium '/vms/x/x.vdi' is locked for reading by another task
                VBoxManage: error: Details: code VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), component MediumWrap, interface IMedium, callee nsISupports
                VBoxManage: error: --------
                VBoxManage: error: Could not delete the medium storage unit '/vms/x/x.vdi'
                VBoxManage: error: Details: code VBOX_E_FILE_ERROR (0x80bb0004), component MediumWrap, interface IMedium
                VBoxManage: error: Context: "DeleteConfig(ComSafeArrayAsInParam(aMedia), progress.asOutParam())" at line 175 of file VBoxManageMisc.cpp
                """);

        assertEquals("Machine delete failed\n"
                + "Medium '/vms/x/x.vdi' is locked for reading by another task\n"
                + "Could not delete the medium storage unit '/vms/x/x.vdi'", error.message());
        assertEquals("VBOX_E_INVALID_OBJECT_STATE", error.codeName());
        assertEquals("0x80bb0007", error.hexCode());
    }

    @Test
    void exitZeroWithAnErrorLineHasAnError() {
        // §1: VBoxManage can exit 0 after printing an error.
        assertTrue(VBoxError.hasError("0%...100%\nVBoxManage: error: Failed to attach the medium\n"));
        assertFalse(VBoxError.hasError("0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n"));
        assertFalse(VBoxError.hasError(""));
        assertFalse(VBoxError.hasError(null));
    }

    @Test
    void emptyStderrStillHasAMessage() {
        VBoxError error = VBoxError.parse(1, "");

        assertTrue(error.message().contains("1"));
        assertEquals(List.of(), error.warnings());
    }
}
