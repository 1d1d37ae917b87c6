package dev.herald.os.http;

/**
 * A response as the client got it.
 *
 * @param contentType the Content-Type header in lower case, "" when absent
 */
public record Reply(int status, String contentType, byte[] body) {
}
