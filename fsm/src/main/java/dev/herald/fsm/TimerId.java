package dev.herald.fsm;

/**
 * One timer instance: session timers have no connection, the others belong to one connection.
 *
 * @param connection null for {@link Timer#CONNECT_RETRY} and {@link Timer#IDLE_HOLD}
 */
public record TimerId(Timer timer, ConnectionId connection) {
    public TimerId {
        if (timer.perConnection() != (connection != null)) {
            throw new IllegalArgumentException(timer + (timer.perConnection() ? " needs" : " takes no") + " connection");
        }
    }

    public static TimerId session(Timer timer) {
        return new TimerId(timer, null);
    }

    public static TimerId of(Timer timer, ConnectionId connection) {
        return new TimerId(timer, connection);
    }

    @Override
    public String toString() {
        return connection == null ? timer.toString() : timer + "(" + connection + ")";
    }
}
