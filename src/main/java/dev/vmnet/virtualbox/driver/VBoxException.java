package dev.vmnet.virtualbox.driver;

import java.util.List;

/**
 * A VBoxManage command that failed: its parsed error lines, or a timeout, or a program that could
 * not be started. Never carries a stack trace to a caller; the service maps it to spec 004's codes.
 */
public class VBoxException extends RuntimeException {

    private final List<String> command;
    private final VBoxError error;
    private final boolean timedOut;

    public VBoxException(List<String> command, VBoxError error) {
        this(command, error, false, error.message());
    }

    private VBoxException(List<String> command, VBoxError error, boolean timedOut, String message) {
        super(message, null, false, false);
        this.command = command;
        this.error = error;
        this.timedOut = timedOut;
    }

    public static VBoxException timedOut(List<String> command, long seconds) {
        return new VBoxException(command, null, true, "VBoxManage " + command.get(0) + " did not finish within " + seconds + " s");
    }

    public static VBoxException notStarted(List<String> command, String reason) {
        return new VBoxException(command, null, false, reason);
    }

    /** The subcommand (createvm, modifyvm, ...), for messages and logs. */
    public String subcommand() {
        return command.isEmpty() ? "" : command.get(0);
    }

    /** The parsed stderr, or null for a timeout or a program that did not start. */
    public VBoxError error() {
        return error;
    }

    public boolean timedOut() {
        return timedOut;
    }

    /** VirtualBox refused a session lock (§19): worth another try after a short wait. */
    public boolean locked() {
        return error != null && error.locked();
    }

    public static boolean isLocked(Throwable failure) {
        return failure instanceof VBoxException e && e.locked();
    }
}
