package dev.herald.bgpd.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough HTTP/1.1 for the admin socket: one request per connection, a Content-Length body,
 * {@code Connection: close}. Both ends are herald, and curl for the curious
 * ({@code curl --unix-socket /run/herald/herald.sock http://herald/v1/peers}).
 */
public final class HttpWire {
    /** Requests and responses larger than this are refused: the API's bodies are small. */
    static final int MAX_HEAD = 16 * 1024;
    static final int MAX_BODY = 4 * 1024 * 1024;

    private HttpWire() {
    }

    /** A request; {@code path} without the query, {@code query} decoded. */
    public record Request(String method, String path, Map<String, String> query, byte[] body) {
    }

    /**
     * A response; {@code status} 200, 400, 404, 405, 422 or 500 as in the API's docs.
     *
     * @param after run once the response is written and the connection closed (a shutdown)
     */
    public record Response(int status, byte[] body, Runnable after) {
        public Response(int status, byte[] body) {
            this(status, body, () -> { });
        }
    }

    /** Head (request or status line plus headers) and body of one message. */
    record Message(String firstLine, Map<String, String> headers, byte[] body) {
    }

    static Message read(InputStream in, boolean bodyUntilEof) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(head.size() == 0 ? "empty message" : "message ends inside its head");
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new IOException("message head over " + MAX_HEAD + " bytes");
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        String length = headers.get("content-length");
        byte[] body;
        if (length != null) {
            int n;
            try {
                n = Integer.parseInt(length);
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length " + length);
            }
            if (n < 0 || n > MAX_BODY) {
                throw new IOException("body of " + n + " bytes refused");
            }
            body = in.readNBytes(n);
            if (body.length != n) {
                throw new IOException("body ends after " + body.length + " of " + n + " bytes");
            }
        } else if (bodyUntilEof) {
            body = in.readNBytes(MAX_BODY);
        } else {
            body = new byte[0];
        }
        return new Message(lines[0], headers, body);
    }

    static Request request(Message m) throws IOException {
        String[] parts = m.firstLine().split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x request line: " + m.firstLine());
        }
        String target = parts[1];
        int q = target.indexOf('?');
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
        return new Request(parts[0], q < 0 ? target : target.substring(0, q), query, m.body());
    }

    static void writeRequest(OutputStream out, String method, String target, byte[] body) throws IOException {
        String head = method + " " + target + " HTTP/1.1\r\nHost: herald\r\nUser-Agent: herald-cli\r\n"
                + "Accept: application/json\r\nConnection: close\r\n"
                + (body.length > 0 || !method.equals("GET") ? "Content-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n" : "")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    static void writeResponse(OutputStream out, Response r) throws IOException {
        String head = "HTTP/1.1 " + r.status() + " " + reason(r.status()) + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + r.body().length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(r.body());
        out.flush();
    }

    /** The status code of a response's status line, or -1. */
    static int status(Message m) {
        String[] parts = m.firstLine().split(" ", 3);
        try {
            return parts.length >= 2 && parts[0].startsWith("HTTP/1.") ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 422 -> "Unprocessable Content";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }
}
