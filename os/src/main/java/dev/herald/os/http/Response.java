package dev.herald.os.http;

/**
 * A response the server sends, always {@code application/json} (the admin API speaks nothing else).
 *
 * @param after run once the response is written and the connection closed (a shutdown)
 */
public record Response(int status, byte[] body, Runnable after) {
    public Response(int status, byte[] body) {
        this(status, body, () -> { });
    }
}
