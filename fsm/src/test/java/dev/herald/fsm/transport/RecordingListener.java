package dev.herald.fsm.transport;

import dev.herald.codec.Family;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects listener calls for tests to wait on. */
final class RecordingListener implements SessionListener {
    final BlockingQueue<EstablishedSession> established = new LinkedBlockingQueue<>();
    final BlockingQueue<String> downs = new LinkedBlockingQueue<>();
    final BlockingQueue<Family> refreshes = new LinkedBlockingQueue<>();

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

    EstablishedSession awaitEstablished() throws InterruptedException {
        EstablishedSession s = established.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("not established; downs so far: " + downs);
        }
        return s;
    }

    String awaitDown() throws InterruptedException {
        String r = downs.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no down reported");
        }
        return r;
    }
}
