package dev.herald.sources.ovn.ovsdb;

/** An OVSDB server said something a client cannot use, or answered with an error. */
public class OvsdbException extends RuntimeException {
    public OvsdbException(String message) {
        super(message);
    }

    public OvsdbException(String message, Throwable cause) {
        super(message, cause);
    }
}
