package dev.vmnet.notifications;

/**
 * Why a delivery attempt failed, in words fit for the history (no secret, no stack trace);
 * {@code permanent} when retrying cannot help (a redirect, a refused target, a 4xx).
 */
public final class SendFailure extends RuntimeException {

    private final boolean permanent;

    public SendFailure(String message, boolean permanent) {
        super(message, null, false, false);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
