package dev.herald.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** NOTIFICATION (RFC 4271 4.5). */
public record Notification(int code, int subcode, Bytes data) implements BgpMessage {
    public static final int MESSAGE_HEADER_ERROR = 1;
    public static final int OPEN_MESSAGE_ERROR = 2;
    public static final int UPDATE_MESSAGE_ERROR = 3;
    public static final int HOLD_TIMER_EXPIRED = 4;
    public static final int FSM_ERROR = 5;
    public static final int CEASE = 6;
    public static final int ROUTE_REFRESH_ERROR = 7;
    public static final int SEND_HOLD_TIMER_EXPIRED = 8;

    public static final int CEASE_MAX_PREFIXES = 1;
    public static final int CEASE_ADMIN_SHUTDOWN = 2;
    public static final int CEASE_PEER_DECONFIGURED = 3;
    public static final int CEASE_ADMIN_RESET = 4;
    public static final int CEASE_CONNECTION_REJECTED = 5;
    public static final int CEASE_OTHER_CONFIG_CHANGE = 6;
    public static final int CEASE_CONNECTION_COLLISION = 7;
    public static final int CEASE_OUT_OF_RESOURCES = 8;
    public static final int CEASE_HARD_RESET = 9;
    /** RFC 9384: the BFD session the BGP session depends on went Down. */
    public static final int CEASE_BFD_DOWN = 10;

    public Notification {
        data = data == null ? Bytes.EMPTY : data;
    }

    public Notification(int code, int subcode, byte[] data) {
        this(code, subcode, data == null ? Bytes.EMPTY : Bytes.of(data));
    }

    public Notification(int code, int subcode) {
        this(code, subcode, Bytes.EMPTY);
    }

    @Override
    public int type() {
        return HeaderCodec.NOTIFICATION;
    }

    /**
     * Cease with Administrative Shutdown or Reset carrying an RFC 9003 message: a 1-byte length
     * and UTF-8 text, cut to 255 bytes at a character boundary.
     */
    public static Notification ceaseWithMessage(int subcode, String message) {
        byte[] text = truncateUtf8(message == null ? "" : message, 255);
        byte[] d = new byte[text.length + 1];
        d[0] = (byte) text.length;
        System.arraycopy(text, 0, d, 1, text.length);
        return new Notification(CEASE, subcode, Bytes.adopt(d));
    }

    /** The RFC 9003 shutdown message, when this is Cease 2 or 4 and the data holds one. */
    public Optional<String> shutdownMessage() {
        if (code != CEASE || (subcode != CEASE_ADMIN_SHUTDOWN && subcode != CEASE_ADMIN_RESET) || data.length() < 1) {
            return Optional.empty();
        }
        int len = data.get(0) & 0xFF;
        if (len + 1 > data.length()) {
            return Optional.empty();
        }
        return Optional.of(new String(data.toArray(1, len + 1), StandardCharsets.UTF_8));
    }

    private static byte[] truncateUtf8(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return b;
        }
        int end = max;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--; // do not cut a multi-byte character in half
        }
        return Arrays.copyOf(b, end);
    }

    @Override
    public String toString() {
        String detail = shutdownMessage().map(m -> " \"" + m + "\"")
                .orElse(data.length() > 0 ? " data=" + data : "");
        return "Notification[" + code + "/" + subcode + detail + "]";
    }
}
