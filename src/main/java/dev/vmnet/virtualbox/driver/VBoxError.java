package dev.vmnet.virtualbox.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed VBoxManage command's stderr, parsed (docs/virtualbox.md §1, §18).
 *
 * @param message the error lines' text joined with "\n", without their prefix, without the Details/Context lines,
 *     the "--------" separators of chained errors, progress bars and "Progress state:" lines
 * @param codeName the Details line's code, e.g. VBOX_E_INVALID_OBJECT_STATE; else a code a failed progress bar
 *     printed; or null
 * @param hexCode the Details line's code in lower-case hex, e.g. 0x80bb0007, or null
 * @param component the Details line's component, e.g. MachineWrap, or null
 * @param warnings the text of the {@code VBoxManage: warning: } lines
 */
public record VBoxError(int exitCode, String message, String codeName, String hexCode, String component, List<String> warnings) {

    /**
     * §1: every line of an error is prefixed {@code VBoxManage: error: }, {@code VBoxManage.exe: error: } on Windows.
     * Found anywhere in a line, because a progress bar leaves no newline before what follows it.
     */
    private static final Pattern ERROR_PREFIX = Pattern.compile("(?i)VBoxManage(?:\\.exe)?: error:[ \\t]?");
    private static final Pattern WARNING_PREFIX = Pattern.compile("(?i)VBoxManage(?:\\.exe)?: warning:[ \\t]?");

    /** §1: {@code Details: code <NAME> (0x<hex>), component <X>, interface <I>[, callee <C>]}. */
    private static final Pattern DETAILS = Pattern.compile(
            "^Details: code ([A-Za-z0-9_]+) \\((0x[0-9a-fA-F]+)\\)(?:, component ([^,\\s]+))?");

    /** §1: {@code 0%...10%...}, ending in 100%, CANCELED, or in 7.x the failure's %Rhrc: {@code 0%...VBOX_E_FILE_ERROR}. */
    private static final Pattern PROGRESS = Pattern.compile("^\\d+%(?:\\.\\.\\.(?:\\d+%)?)*(?:\\s*([A-Z][A-Z0-9_]*))?\\s*$");

    /** §1: with --detailed-progress, and in 6.x, the failure is a {@code Progress state: <code>} line. */
    private static final Pattern PROGRESS_STATE = Pattern.compile("^Progress (?:state|object failure): ([A-Za-z0-9_]+)");

    /** §1: errorSyntax prints the logo first: {@code <product> Command Line Management Interface Version <v>}. */
    private static final Pattern LOGO = Pattern.compile("Command Line Management Interface Version|^Copyright \\(C\\)");

    private static final Pattern NOT_RUNNING = Pattern.compile("Machine '.*' is not currently running");

    /** The hex of codes a progress bar names without a Details line (VirtualBox.xidl and winerror.h values). */
    private static final Map<String, String> HEX_BY_NAME = Map.ofEntries(
            Map.entry("VBOX_E_OBJECT_NOT_FOUND", "0x80bb0001"),
            Map.entry("VBOX_E_INVALID_VM_STATE", "0x80bb0002"),
            Map.entry("VBOX_E_VM_ERROR", "0x80bb0003"),
            Map.entry("VBOX_E_FILE_ERROR", "0x80bb0004"),
            Map.entry("VBOX_E_IPRT_ERROR", "0x80bb0005"),
            Map.entry("VBOX_E_PDM_ERROR", "0x80bb0006"),
            Map.entry("VBOX_E_INVALID_OBJECT_STATE", "0x80bb0007"),
            Map.entry("VBOX_E_HOST_ERROR", "0x80bb0008"),
            Map.entry("VBOX_E_NOT_SUPPORTED", "0x80bb0009"),
            Map.entry("VBOX_E_XML_ERROR", "0x80bb000a"),
            Map.entry("VBOX_E_INVALID_SESSION_STATE", "0x80bb000b"),
            Map.entry("VBOX_E_OBJECT_IN_USE", "0x80bb000c"),
            Map.entry("E_INVALIDARG", "0x80070057"),
            Map.entry("E_ACCESSDENIED", "0x80070005"),
            Map.entry("E_FAIL", "0x80004005"),
            Map.entry("NS_ERROR_FAILURE", "0x80004005"));

    public VBoxError {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * Parses a command's stderr. Accepts LF or CRLF and both prefixes. Without any error line (e.g. exit 1 with only
     * a usage text) the message is the first line that is not a progress bar, the logo or a warning; failing that the
     * first warning; failing that a sentence naming the exit code.
     */
    public static VBoxError parse(int exitCode, String stderr) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String codeName = null;
        String hexCode = null;
        String component = null;
        String progressCode = null;
        String firstOther = null;
        for (String line : MachineReadable.lines(stderr)) {
            Matcher error = ERROR_PREFIX.matcher(line);
            Matcher warning = WARNING_PREFIX.matcher(line);
            if (error.find()) {
                String text = line.substring(error.end()).strip();
                Matcher details = DETAILS.matcher(text);
                if (details.find()) {
                    if (codeName == null) {
                        codeName = details.group(1);
                        hexCode = details.group(2).toLowerCase(Locale.ROOT);
                        component = details.group(3);
                    }
                } else if (!text.isEmpty() && !text.startsWith("Context:") && !text.matches("-{4,}")
                        && !errors.contains(text)) {
                    // errorSyntax repeats the error after a usage of 16 lines or more (§1): keep it once.
                    errors.add(text);
                }
                continue;
            }
            if (warning.find()) {
                String text = line.substring(warning.end()).strip();
                if (!text.isEmpty()) {
                    warnings.add(text);
                }
                continue;
            }
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            Matcher progress = PROGRESS.matcher(text);
            Matcher state = PROGRESS_STATE.matcher(text);
            if (progress.matches()) {
                if (progress.group(1) != null && !"CANCELED".equals(progress.group(1)) && progressCode == null) {
                    progressCode = progress.group(1);
                }
            } else if (state.find()) {
                if (progressCode == null) {
                    progressCode = state.group(1);
                }
            } else if (firstOther == null && !LOGO.matcher(text).find()) {
                firstOther = text;
            }
        }
        if (codeName == null && progressCode != null) {
            codeName = progressCode;
            hexCode = HEX_BY_NAME.get(progressCode);
        }
        String message;
        if (!errors.isEmpty()) {
            message = String.join("\n", errors);
        } else if (firstOther != null) {
            message = firstOther;
        } else if (!warnings.isEmpty()) {
            message = warnings.get(0);
        } else {
            message = "VBoxManage exited with code " + exitCode + " and printed no error";
        }
        return new VBoxError(exitCode, message, codeName, hexCode, component, warnings);
    }

    /** Whether stderr holds an error line: VBoxManage can exit 0 after printing one (§1). */
    public static boolean hasError(String stderr) {
        return stderr != null && ERROR_PREFIX.matcher(stderr).find();
    }

    /** A session-lock refusal (§19), worth retrying: VBOX_E_INVALID_OBJECT_STATE or its texts (§14, §10, §18). */
    public boolean locked() {
        return "0x80bb0007".equals(hexCode) || message.contains("already locked") || message.contains("lock request pending");
    }

    /** VBOX_E_OBJECT_NOT_FOUND, or the unknown-VM text (§18). */
    public boolean objectNotFound() {
        return "0x80bb0001".equals(hexCode) || message.startsWith("Could not find a registered machine");
    }

    /** VBOX_E_INVALID_VM_STATE, or the not-running and not-mutable texts, which have no Details line (§15, §18). */
    public boolean invalidVmState() {
        return "0x80bb0002".equals(hexCode) || message.contains("is not currently running") || message.contains("not mutable");
    }

    /** §15: controlvm on a VM without a console: {@code Machine 'x' is not currently running.} */
    public boolean notRunning() {
        return NOT_RUNNING.matcher(message).find();
    }

    /** E_INVALIDARG, or a syntax error: exit 2 (§1). */
    public boolean invalidArgument() {
        return "0x80070057".equals(hexCode) || exitCode == 2;
    }

    /** VBOX_E_FILE_ERROR (§9 existing settings file, §12 existing image). */
    public boolean fileError() {
        return "0x80bb0004".equals(hexCode);
    }
}
