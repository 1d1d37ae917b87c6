package dev.herald.codec;

/**
 * A received message that cannot be accepted. It carries the exact NOTIFICATION RFC 4271
 * section 6 (and RFC 7606 where it applies) prescribes; the decoder throws nothing else.
 *
 * <p>When {@link #treatAsWithdraw()} is true, RFC 7606 lets the session stay up: the UPDATE's
 * routes are to be handled as withdrawn, and {@link #notification()} is only what RFC 4271 alone
 * would have sent (useful for logging, or for a peer configured to reset anyway).
 */
public final class BgpDecodeException extends Exception {
    private final transient Notification notification;
    private final boolean treatAsWithdraw;

    public BgpDecodeException(int code, int subcode, byte[] data, String reason, boolean treatAsWithdraw) {
        super(reason + " (NOTIFICATION " + code + "/" + subcode + (treatAsWithdraw ? ", treat-as-withdraw" : "")
                + ")", null, false, false);
        this.notification = new Notification(code, subcode, data);
        this.treatAsWithdraw = treatAsWithdraw;
    }

    public BgpDecodeException(int code, int subcode, byte[] data, String reason) {
        this(code, subcode, data, reason, false);
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

    /**
     * True when RFC 7606 prescribes "treat-as-withdraw" for this error rather than a session
     * reset; only ever set for UPDATE messages whose NLRI could all be parsed.
     */
    public boolean treatAsWithdraw() {
        return treatAsWithdraw;
    }
}
