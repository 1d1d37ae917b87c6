package dev.herald.codec;

/**
 * An error in a received UPDATE that RFC 7606 answers without a session reset. The UPDATE is
 * still returned; its {@link Update#errors()} say what the receiver must do with it.
 *
 * @param action        what RFC 7606 prescribes
 * @param attributeType the type code of the attribute at fault (0 when the attribute list's
 *                      framing is at fault)
 * @param notification  the NOTIFICATION RFC 4271 alone would have sent: for logs, and for a peer
 *                      configured to reset the session anyway
 * @param reason        what was wrong, for people
 */
public record UpdateError(Action action, int attributeType, Notification notification, String reason) {
    /** The two outcomes of RFC 7606 section 2 short of a session reset. */
    public enum Action {
        /** Every route the UPDATE announces or withdraws is to be handled as withdrawn. */
        TREAT_AS_WITHDRAW,
        /** The attribute was left out of {@link Update#attributes()}; the routes stand without it. */
        ATTRIBUTE_DISCARD
    }

    static UpdateError of(Action action, int attributeType, BgpDecodeException e) {
        return new UpdateError(action, attributeType, e.notification(), e.reason());
    }

    @Override
    public String toString() {
        return action + "[type=" + attributeType + ", " + notification.code() + "/" + notification.subcode() + ": "
                + reason + "]";
    }
}
