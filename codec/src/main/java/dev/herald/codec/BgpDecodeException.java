package dev.herald.codec;

/**
 * A received message that cannot be accepted: the session must be reset. It carries the exact
 * NOTIFICATION RFC 4271 section 6 (as revised by RFC 7606) prescribes; the decoder throws
 * nothing else.
 *
 * <p>UPDATE errors for which RFC 7606 keeps the session (treat-as-withdraw, attribute discard)
 * are not thrown: the decoder returns the {@link Update} with {@link Update#errors()}.
 */
public final class BgpDecodeException extends Exception {
    private final transient Notification notification;
    private final String reason;
    private final boolean treatAsWithdraw;

    BgpDecodeException(int code, int subcode, byte[] data, String reason, boolean treatAsWithdraw) {
        super(reason + " (NOTIFICATION " + code + "/" + subcode + (treatAsWithdraw ? ", treat-as-withdraw" : "")
                + ")", null, false, false);
        this.notification = new Notification(code, subcode, data);
        this.reason = reason;
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

    /** What was wrong, without the NOTIFICATION suffix of {@link #getMessage()}. */
    public String reason() {
        return reason;
    }

    /**
     * Inside the decoder: the error is one RFC 7606 answers with treat-as-withdraw, so it is
     * collected into {@link Update#errors()} instead of escaping.
     */
    boolean treatAsWithdraw() {
        return treatAsWithdraw;
    }
}
