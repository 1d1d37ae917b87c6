package dev.herald.fsm;

/** The timers of RFC 4271 section 8 plus the SendHoldTimer of RFC 9687. */
public enum Timer {
    /** Per session: retry delay in Active, connect timeout in Connect. */
    CONNECT_RETRY("ConnectRetryTimer", false),
    /** Per session: back-off in Idle before the automatic restart (RFC 4271 8.1.1 IdleHoldTime). */
    IDLE_HOLD("IdleHoldTimer", false),
    HOLD("HoldTimer", true),
    KEEPALIVE("KeepaliveTimer", true),
    SEND_HOLD("SendHoldTimer", true);

    private final String rfcName;
    private final boolean perConnection;

    Timer(String rfcName, boolean perConnection) {
        this.rfcName = rfcName;
        this.perConnection = perConnection;
    }

    public boolean perConnection() {
        return perConnection;
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
