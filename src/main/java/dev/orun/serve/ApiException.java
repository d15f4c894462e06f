package dev.orun.serve;

/** An answer other than success: the HTTP status, the error code of the API's Error schema, and one line. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String pointer;
    private final java.util.Map<String, String> headers;

    public ApiException(int status, String code, String message, String pointer) {
        this(status, code, message, pointer, java.util.Map.of());
    }

    /** With headers for the answer (405's {@code Allow}). */
    public ApiException(int status, String code, String message, String pointer, java.util.Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.pointer = pointer;
        this.headers = java.util.Map.copyOf(headers);
    }

    public java.util.Map<String, String> headers() {
        return headers;
    }

    public static ApiException badRequest(String message, String pointer) {
        return new ApiException(400, "invalid_request", message, pointer);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The JSON pointer of the field at fault in the request body, or null. */
    public String pointer() {
        return pointer;
    }
}
