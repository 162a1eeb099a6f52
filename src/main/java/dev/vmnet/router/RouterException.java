package dev.vmnet.router;

import dev.vmnet.common.ApiException;

/**
 * A router call that failed, by kind. {@link #readBackDecides()} says whether the router could
 * have kept part of the change and reading its config back tells what it holds.
 */
public class RouterException extends ApiException {

    public enum Kind {
        /** Never reached the router: connection refused, DNS, TLS handshake. Nothing applied. */
        UNREACHABLE(503, "ROUTER_UNAVAILABLE", false),
        /** No answer in time; the router may still be committing. */
        TIMEOUT(503, "ROUTER_UNAVAILABLE", true),
        /** "Configuration system temporarily locked": the router threw the whole batch away. */
        LOCKED(503, "ROUTER_UNAVAILABLE", false),
        /** nginx answered for the API (502/503/504 HTML, or no success flag): the API process is down. */
        GATEWAY(503, "ROUTER_UNAVAILABLE", true),
        /** The router refused the change (HTTP 400); one component may have committed. */
        REJECTED(502, "ROUTER_REJECTED", true),
        /** The request was refused before anything ran (HTTP 413 or 422). */
        REFUSED(502, "ROUTER_REJECTED", false),
        /** The API failed unexpectedly (HTTP 500). */
        FAILED(502, "ROUTER_ERROR", true),
        /** The router did not accept the service's API key. */
        UNAUTHORIZED(502, "ROUTER_AUTH_FAILED", false),
        /** The change waited too long for its turn at the router and was never sent. */
        BUSY(503, "ROUTER_BUSY", false),
        /**
         * The router's config could not be read back or restored, or a commit-confirm was not
         * confirmed (a read-back would show what the router is about to revert): settled later.
         */
        STATE_UNKNOWN(503, "ROUTER_STATE_UNKNOWN", false);

        final int status;
        final String code;
        final boolean readBackDecides;

        Kind(int status, String code, boolean readBackDecides) {
            this.status = status;
            this.code = code;
            this.readBackDecides = readBackDecides;
        }
    }

    private final Kind kind;
    private final int httpStatus;

    public RouterException(Kind kind, int httpStatus, String detail) {
        super(kind.status, kind.code, detail);
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    /** The router's own answer, in the spec's words: "VyOS API returned an error: 400 - <text>". */
    public static RouterException answered(Kind kind, int httpStatus, String routerText) {
        return new RouterException(kind, httpStatus, "VyOS API returned an error: " + httpStatus + " - " + routerText);
    }

    public static RouterException unavailable(Kind kind, String reason) {
        return new RouterException(kind, 0, "VyOS router unavailable: " + reason);
    }

    public static RouterException stateUnknown(RouterException cause, Throwable followUp) {
        return new RouterException(Kind.STATE_UNKNOWN, cause.httpStatus, cause.detail()
                + "; the router could not be read back (" + followUp.getMessage()
                + "), so the change will be rolled back once the router answers again");
    }

    public Kind kind() {
        return kind;
    }

    /** The router's HTTP status, or 0 when it never answered. */
    public int httpStatus() {
        return httpStatus;
    }

    public boolean readBackDecides() {
        return kind.readBackDecides;
    }

    /** Worth sending again unchanged: nothing was applied (locked) or the API process was restarting (502). */
    public boolean retryable() {
        return kind == Kind.LOCKED || (kind == Kind.GATEWAY && httpStatus == 502);
    }
}
