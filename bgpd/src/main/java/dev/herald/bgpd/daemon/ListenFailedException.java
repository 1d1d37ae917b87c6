package dev.herald.bgpd.daemon;

import java.net.InetSocketAddress;

/**
 * {@code router.listen} could not be bound: a problem of the host (port taken, no
 * CAP_NET_BIND_SERVICE), not a bug, so {@code herald run} reports it in one line.
 */
public final class ListenFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ListenFailedException(InetSocketAddress address, Throwable cause) {
        super(message(address, cause), cause);
    }

    static String message(InetSocketAddress address, Throwable cause) {
        String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        String hint = "";
        if (why.contains("Permission denied") && address.getPort() < 1024) {
            hint = " (a port below 1024 needs CAP_NET_BIND_SERVICE: herald.service grants it with"
                    + " AmbientCapabilities=CAP_NET_BIND_SERVICE; or listen on a port above 1023)";
        }
        return "cannot listen on " + address.getAddress().getHostAddress() + " port " + address.getPort() + ": " + why
                + hint;
    }
}
