package dev.herald.fsm.transport;

import dev.herald.codec.Family;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Collects listener calls for tests to wait on. Part of the test kit (fsm's test-jar): bgpd's
 * LoopbackRouter listens with it too.
 */
public final class RecordingListener implements SessionListener {
    /** A bound for a session to come up or go down on loopback, generous for a loaded machine. */
    private static final int WAIT_SECONDS = 20;
    public final BlockingQueue<EstablishedSession> established = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> downs = new LinkedBlockingQueue<>();
    public final BlockingQueue<Family> refreshes = new LinkedBlockingQueue<>();

    @Override
    public void established(EstablishedSession s) {
        established.add(s);
    }

    @Override
    public void down(String peerName, String reason) {
        downs.add(reason);
    }

    @Override
    public void routeRefresh(String peerName, Family family) {
        refreshes.add(family);
    }

    public EstablishedSession awaitEstablished() throws InterruptedException {
        EstablishedSession s = established.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("not established; downs so far: " + downs);
        }
        return s;
    }

    public String awaitDown() throws InterruptedException {
        String r = downs.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no down reported");
        }
        return r;
    }
}
