package dev.herald.interop.compare;

import dev.herald.interop.lab.Router;
import java.net.InetAddress;
import java.util.List;

/**
 * The receiving router of a scenario, steered and polled through its CLI: sessions shut while
 * a sender loads, opened for a run, shut again (which drops what they brought) between runs.
 * The polls are the cheap ones: per-session counters, never a walk over the table.
 */
interface Receiver {
    /** e.g. "BIRD 2.17.1". */
    String label();

    Router router();

    /** Opens ({@code true}) or shuts every session to the sender. */
    void enable(boolean on);

    /** What one poll sees: sessions Established (of how many) and prefixes received over all of them. */
    record Status(int established, int sessions, long received) {
        boolean allEstablished() {
            return established == sessions;
        }
    }

    /** One cheap poll: per-session states and received counters. */
    Status status();

    /** Routes in the receiver's tables (may walk the tables: not for polling during a run). */
    long held();

    /** BIRD with one protocol per sender address, peer1..peerN, or FRR with one neighbour each. */
    static Receiver of(Router r, List<InetAddress> senders) {
        return switch (r.kind().impl()) {
            case BIRD -> new BirdReceiver(r, senders.size());
            case FRR -> new FrrReceiver(r, senders);
            default -> throw new IllegalArgumentException("no receiver for " + r.kind());
        };
    }
}
