package dev.herald.sources.ovn.ovsdb;

/** An OVSDB server said something a client cannot use, or answered with an error. */
public class OvsdbException extends RuntimeException {
    public OvsdbException(String message) {
        super(message);
    }

    public OvsdbException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A failure's reason for status and logs: the first message in the cause chain, else the
     * exception's type. Netty's closed-channel and some connect failures carry no message, and
     * an operator reading "unix:/run/ovn/ovnsb_db.sock: null" learns nothing.
     */
    public static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()
                    && !(c instanceof java.util.concurrent.ExecutionException && c.getCause() != null)) {
                return c.getMessage();
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
