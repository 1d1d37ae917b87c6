package dev.herald.bfd;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Two {@link BfdSession}s joined by a simulated link: a clock in nanos, a per-packet delay, and
 * a loss rate. Every packet goes through {@link ControlPacketCodec} both ways, as on a socket.
 * Side 0 has discriminator 0x100, side 1 0x200.
 */
final class Simulation {
    static final long MIN_DELAY = 100_000, MAX_DELAY = 500_000; // nanos

    private record Delivery(long at, long seq, int to, byte[] datagram) {}

    final BfdSession[] side = new BfdSession[2];
    private final long[] wake = new long[2];
    private final Random random;
    private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>((x, y) -> x.at != y.at
            ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));
    private long seq;
    long now;
    double loss;
    /** The last state changes, for a failure message. */
    private final Deque<String> log = new ArrayDeque<>();
    final int[] flaps = new int[2];
    /** Per side: the largest detection time computed since the other side went AdminDown. */
    final long[] largestDetectionTime = new long[2];

    Simulation(Random random, Parameters p0, Parameters p1) {
        this.random = random;
        side[0] = new BfdSession(0x100, p0, random, 0);
        side[1] = new BfdSession(0x200, p1, random, 0);
        apply(0, side[0].timerExpired(0));
        apply(1, side[1].timerExpired(0));
    }

    interface Check {
        void at(Simulation s);
    }

    /** Runs events up to and including {@code until}, checking after each. */
    void runUntil(long until, Check check) {
        while (true) {
            long next = Math.min(Math.min(wake[0], wake[1]), inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek().at);
            if (next > until) {
                now = until;
                return;
            }
            now = next;
            if (!inFlight.isEmpty() && inFlight.peek().at == now) {
                Delivery d = inFlight.poll();
                if (ControlPacketCodec.decode(d.datagram) instanceof ControlPacketCodec.Accepted(ControlPacket p)) {
                    apply(d.to, side[d.to].receive(p, now));
                    largestDetectionTime[d.to] = Math.max(largestDetectionTime[d.to], side[d.to].detectionTime());
                } else {
                    throw new AssertionError("a session sent what the codec drops: " + ControlPacketCodec.decode(d.datagram));
                }
            } else {
                int i = wake[0] <= wake[1] ? 0 : 1;
                apply(i, side[i].timerExpired(now));
            }
            check.at(this);
        }
    }

    void apply(int i, Effects e) {
        wake[i] = e.wakeAt();
        e.change().ifPresent(c -> {
            if (c.from() == State.UP) {
                flaps[i]++;
            }
            note("side " + i + ": " + c);
        });
        e.send().ifPresent(p -> {
            if (random.nextDouble() >= loss) {
                long delay = MIN_DELAY + random.nextLong(MAX_DELAY - MIN_DELAY + 1);
                inFlight.add(new Delivery(now + delay, seq++, 1 - i, ControlPacketCodec.encode(p)));
            }
        });
    }

    void note(String what) {
        log.addLast("t=%.6f s %s".formatted(now / 1e9, what));
        if (log.size() > 40) {
            log.removeFirst();
        }
    }

    boolean bothUp() {
        return side[0].state() == State.UP && side[1].state() == State.UP;
    }

    String recent() {
        return String.join("\n", log);
    }
}
