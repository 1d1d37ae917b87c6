package dev.herald.codec;

/**
 * A received message that cannot be accepted. It carries the exact NOTIFICATION RFC 4271
 * section 6 (and RFC 7606 where it applies) prescribes; the decoder throws nothing else.
 */
public final class BgpDecodeException extends Exception {
    private final transient Notification notification;

    public BgpDecodeException(int code, int subcode, byte[] data, String reason) {
        super(reason + " (NOTIFICATION " + code + "/" + subcode + ")", null, false, false);
        this.notification = new Notification(code, subcode, data);
    }

    public BgpDecodeException(int code, int subcode, String reason) {
        this(code, subcode, new byte[0], reason);
    }

    /** The NOTIFICATION to send to the peer before closing. */
    public Notification notification() {
        return notification;
    }

    public int code() {
        return notification.code();
    }

    public int subcode() {
        return notification.subcode();
    }
}
