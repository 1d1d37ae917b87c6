package dev.herald.fsm;

/** The session states of RFC 4271 section 8.2.2. */
public enum State {
    IDLE("Idle"),
    CONNECT("Connect"),
    ACTIVE("Active"),
    OPEN_SENT("OpenSent"),
    OPEN_CONFIRM("OpenConfirm"),
    ESTABLISHED("Established");

    private final String rfcName;

    State(String rfcName) {
        this.rfcName = rfcName;
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
