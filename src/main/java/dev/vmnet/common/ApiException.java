package dev.vmnet.common;

import jakarta.ws.rs.core.Response.Status;
import java.util.Map;

/**
 * A failure the caller should see as a problem response: HTTP status, stable {@code code} and a
 * human {@code detail}. Thrown by services; mapped to HTTP once, in {@link ProblemMapper}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ApiException(int status, String code, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(Status.NOT_FOUND.getStatusCode(), code, detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(Status.CONFLICT.getStatusCode(), code, detail);
    }

    public static ApiException unprocessable(String code, String detail) {
        return new ApiException(422, code, detail);
    }

    /** 507 Insufficient Storage is what the spec answers when a pool is exhausted. */
    public static ApiException exhausted(String code, String detail) {
        return new ApiException(507, code, detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }
}
