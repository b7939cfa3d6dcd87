package wuton.serve;

/**
 * A request the service refuses: an HTTP status and a one-line message naming what is wrong, sent as
 * {@code {"error": "..."}}. A 503 also tells the client when to try again.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final Integer retryAfterSeconds;

    ApiError(int status, String message) {
        this(status, message, null);
    }

    private ApiError(int status, String message, Integer retryAfterSeconds) {
        super(message, null, false, false); // an answer to the client, not a bug: no stack trace to fill
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503: the queue is full or the service is stopping; the client may retry after that many seconds. */
    static ApiError unavailable(String message, int retryAfterSeconds) {
        return new ApiError(503, message, retryAfterSeconds);
    }

    int status() {
        return status;
    }

    /** Seconds for a {@code Retry-After} header, or null for none. */
    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
