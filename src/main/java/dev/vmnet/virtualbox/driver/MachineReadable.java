package dev.vmnet.virtualbox.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code key=value} lines of {@code showvminfo --machinereadable} and {@code snapshot list --machinereadable}
 * (docs/virtualbox.md §8, §16). The format is not regular, so this reads it line by line and never fails on a
 * line it does not understand: such a line is skipped.
 */
public final class MachineReadable {

    /**
     * Keys whose values VBoxManage prints with a raw {@code RTPrintf("%ls")}, so a {@code \} in them is a
     * backslash, not an escape (§8: bridgeadapterN, intnetN, SnapshotName*, Forwarding(i), ... are not escaped).
     */
    private static final Pattern RAW_KEY = Pattern.compile(
            "SnapshotName.*|SnapshotDescription.*|CurrentSnapshotName|CurrentSnapshotNode|VMStateFile"
                    + "|natnet\\d+|bridgeadapter\\d+|intnet\\d+|hostonlyadapter\\d+|generic\\d+|nat-network\\d+"
                    + "|hostonly-network\\d+|cloud-network\\d+|macaddress\\d+|Forwarding\\(\\d+\\)"
                    + "|uartmode\\d+|lptmode\\d+|vrdeports|vrdeaddress|vrdeproperty\\[.*\\]|vrdevideochannelquality");

    /** Keys whose quoted value may run over several lines: descriptions are free text (§8, §16). */
    private static final Pattern MULTILINE_KEY = Pattern.compile("description|SnapshotDescription(-\\d+)*");

    /** §8: each cpuid override is printed without a newline, so they and the next key share one line. */
    private static final Pattern CPUID = Pattern.compile("^cpuid=([0-9a-fA-F]{8}(?:,[0-9a-fA-F]{8}){5})");

    private MachineReadable() {
    }

    /**
     * Reads {@code stdout} into an insertion-ordered map. A repeated key keeps its first value (§8: mtu, sockSnd and
     * the other NAT settings carry no index and repeat once per NAT NIC).
     */
    public static Map<String, String> parse(String stdout) {
        Map<String, String> values = new LinkedHashMap<>();
        if (stdout == null) {
            return values;
        }
        List<String> lines = lines(stdout);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher cpuid = CPUID.matcher(line);
            while (cpuid.find()) {
                values.putIfAbsent("cpuid", cpuid.group(1));
                line = line.substring(cpuid.end());
                cpuid = CPUID.matcher(line);
            }
            int[] consumed = {i};
            String[] entry = entry(line, lines, consumed);
            i = consumed[0];
            if (entry != null) {
                values.putIfAbsent(entry[0], entry[1]);
            }
        }
        return values;
    }

    /** Splits on LF, CRLF or a lone CR (§1: Windows output uses CRLF). */
    static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return Collections.emptyList();
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r\n|\n|\r", -1)) {
            lines.add(line);
        }
        return lines;
    }

    /** One line's {key, value}, or null for a line that is not {@code key=value}; may consume continuation lines. */
    private static String[] entry(String line, List<String> lines, int[] index) {
        if (line.isEmpty()) {
            return null;
        }
        String key;
        int valueStart;
        if (line.charAt(0) == '"') {
            // §8: a key containing '=' and the storage attachment keys are quoted, and escaped like values.
            int end = closingQuoteBeforeEquals(line);
            if (end < 0) {
                return null;
            }
            key = unescape(line.substring(1, end));
            valueStart = end + 2;
        } else {
            // ' rec_screen0' and 7.0's 'Encryption:     disabled' have no '=' (§8): skipped.
            int eq = line.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            key = line.substring(0, eq);
            valueStart = eq + 1;
        }
        String raw = line.substring(valueStart);
        String value;
        if (raw.startsWith("\"")) {
            boolean escaped = !RAW_KEY.matcher(key).matches();
            if (MULTILINE_KEY.matcher(key).matches() && (raw.length() < 2 || !closesQuoted(raw, escaped))) {
                // A description with newlines goes on until the line that ends with the closing quote; if there
                // is none the first line stands alone rather than swallowing the rest of the output.
                StringBuilder joined = new StringBuilder(raw);
                for (int next = index[0] + 1; next < lines.size(); next++) {
                    joined.append('\n').append(lines.get(next));
                    if (closesQuoted(lines.get(next), escaped)) {
                        raw = joined.toString();
                        index[0] = next;
                        break;
                    }
                }
            }
            value = quoted(raw, escaped);
        } else {
            // 'VRDEClients==0' (§8): the key is printed with its own '=', so the value starts with one.
            int start = 0;
            while (start < raw.length() && raw.charAt(start) == '=') {
                start++;
            }
            value = raw.substring(start).strip();
        }
        return new String[] {key, value};
    }

    /** The index of the quote that closes a quoted key, i.e. the first unescaped quote followed by '='. */
    private static int closingQuoteBeforeEquals(String line) {
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                i++;
            } else if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '=') {
                return i;
            }
        }
        return -1;
    }

    /** Whether a (continuation) line ends with a closing quote; in an escaped value {@code \"} is not one. */
    private static boolean closesQuoted(String line, boolean escaped) {
        String text = line.stripTrailing();
        if (!text.endsWith("\"")) {
            return false;
        }
        if (!escaped) {
            return true;
        }
        int backslashes = 0;
        for (int i = text.length() - 2; i >= 0 && text.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0;
    }

    /**
     * A quoted value: everything between the first and the last quote, because raw values are printed without
     * escaping and may hold quotes themselves (§8: {@code bridgeadapter1="my "if""}). When text follows the last
     * quote the value is not a plain quoted string ({@code VideoMode="1024,768,32"@0,0 1},
     * {@code BandwidthGroup0="name",Network,0}) and is kept as printed.
     */
    private static String quoted(String raw, boolean escaped) {
        String trimmed = raw.stripTrailing();
        int last = trimmed.lastIndexOf('"');
        if (last < 1 || last != trimmed.length() - 1) {
            return trimmed;
        }
        String inner = trimmed.substring(1, last);
        return escaped ? unescape(inner) : inner;
    }

    /** §8 {@code outputMachineReadableString}: {@code \"} and {@code \\} are the only escapes. */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                out.append(text.charAt(i + 1));
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
