package dev.herald.interop.compare;

import dev.herald.interop.lab.Lab;

/**
 * Samples the receiver every 200 ms across one restart of the sender, from just before the kill
 * until the receiver has End-of-RIB and has settled: the fewest routes it held at any sample, and
 * the withdrawn NLRI it received on the wire (increments of BIRD's "Import withdraws: received",
 * counting from zero again if the counter was reset with the new session).
 */
final class RestartWatch implements AutoCloseable {
    private final GrReceiver receiver;
    private final Thread thread;
    private volatile boolean stop;
    private long minImported = Long.MAX_VALUE;
    private long withdrawn;
    private long lastWithdraws = -1;
    private BirdPeerStats last;

    RestartWatch(GrReceiver receiver) {
        this.receiver = receiver;
        sample();
        this.thread = Thread.ofPlatform().name("gr-watch").daemon().start(this::loop);
    }

    private void loop() {
        while (!stop) {
            try {
                sample();
            } catch (RuntimeException e) {
                System.err.println("[bench] receiver sample failed: " + e.getMessage());
            }
            Lab.sleep(200);
        }
    }

    private synchronized void sample() {
        BirdPeerStats s = receiver.stats();
        last = s;
        minImported = Math.min(minImported, s.imported());
        if (lastWithdraws >= 0) {
            withdrawn += s.withdrawsSeen() >= lastWithdraws ? s.withdrawsSeen() - lastWithdraws : s.withdrawsSeen();
        }
        lastWithdraws = s.withdrawsSeen();
    }

    synchronized BirdPeerStats last() {
        return last;
    }

    synchronized long minImported() {
        return minImported;
    }

    synchronized long withdrawn() {
        return withdrawn;
    }

    /** Stops sampling after one last sample. */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sample();
        } catch (RuntimeException e) {
            System.err.println("[bench] last receiver sample failed: " + e.getMessage());
        }
    }
}
