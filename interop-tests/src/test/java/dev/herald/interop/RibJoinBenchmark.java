package dev.herald.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import dev.herald.rib.PeerSessionInfo;
import dev.herald.rib.Rib;
import dev.herald.rib.Route;
import dev.herald.rib.UpdateSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How long a delta to a peer in sync can wait while another peer joins at 1,000,000 IPv4 plus
 * 250,000 IPv6 prefixes: the RIB is driven flush by flush as its thread does, with one source change
 * before every flush; the longest flush is the longest a change posted meanwhile waits for the RIB
 * thread. Once with the whole initial table in one flush (herald before slicing), once in slices of
 * {@link Rib#DEFAULT_SYNC_CHUNK}; both twice, the first round warming the JIT. UPDATEs are encoded
 * into Netty buffers as the sessions do. No lab, no routers: the RIB alone. A benchmark, not a
 * test: it prints figures (docs/benchmarks.md).
 *
 * <pre>./mvnw -B -pl interop-tests -am verify -Dit.test=RibJoinBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class RibJoinBenchmark {
    private static final int V4 = 1_000_000;
    private static final int V6 = 250_000;

    /** Encodes each UPDATE as the session would, and drops it; counts bytes. */
    private static final class EncodingSink implements UpdateSink {
        long bytes;
        long updates;

        @Override
        public void send(Update u) {
            ByteBuf b = ByteBufAllocator.DEFAULT.buffer();
            try {
                MessageCodec.encode(u, new CodecContext(true, 4096), b);
                bytes += b.readableBytes();
                updates++;
            } finally {
                b.release();
            }
        }

        @Override
        public void flush() {
        }
    }

    private static PeerSessionInfo session(String name) {
        return new PeerSessionInfo(name, 65010, 65001, Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), Set.of(),
                InetAddresses.parse("198.18.0.2"), Optional.empty(), Optional.of(InetAddresses.parse("fd00:18::2")), 4096);
    }

    static List<Route> table() {
        List<Route> out = new ArrayList<>(V4 + V6);
        for (int i = 0; i < V4; i++) {
            int a = 0x0A00_0000 + i; // 10.0.0.0/32 onwards
            out.add(new Route(Prefix.of(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}, 32),
                    "static"));
        }
        for (int i = 0; i < V6; i++) {
            byte[] b = new byte[16];
            b[0] = 0x20;
            b[1] = 0x01;
            b[2] = 0x0d;
            b[3] = (byte) 0xb8;
            b[4] = (byte) (i >>> 16);
            b[5] = (byte) (i >>> 8);
            b[6] = (byte) i;
            out.add(new Route(Prefix.of(b, 64), "static"));
        }
        return out;
    }

    @Test
    void aJoinerAtFullScaleAndTheOthersDeltas() {
        List<Route> table = table();
        for (int chunk : new int[] {Integer.MAX_VALUE, Rib.DEFAULT_SYNC_CHUNK, Integer.MAX_VALUE, Rib.DEFAULT_SYNC_CHUNK}) {
            Rib rib = new Rib();
            rib.setAutoFlush(false);
            rib.setSyncChunk(chunk);
            rib.replaceSource("static", table);
            EncodingSink a = new EncodingSink();
            rib.peerUp(session("a"), a);
            do {
                rib.flush();
            } while (rib.syncing());

            EncodingSink b = new EncodingSink();
            rib.peerUp(session("b"), b);
            long aBefore = a.updates;
            long maxNanos = 0;
            long firstNanos = 0;
            int flushes = 0;
            long t0 = System.nanoTime();
            do {
                // A delta for the peer in sync before each flush: 198.18.N.0/24, announced.
                rib.change("static", List.of(Prefix.parse("198.18." + (flushes % 256) + ".0/24")), List.of());
                long f0 = System.nanoTime();
                rib.flush();
                long took = System.nanoTime() - f0;
                maxNanos = Math.max(maxNanos, took);
                if (flushes == 0) {
                    firstNanos = took; // with slices: includes copying the origin table's arrays
                }
                flushes++;
            } while (rib.syncing());
            long total = System.nanoTime() - t0;
            assertTrue(a.updates > aBefore, "a got the deltas");
            System.err.printf("[bench] join at %d prefixes, %s: %d flushes, longest %.0f ms (a delta waits at most"
                    + " that), first %.0f ms, joiner's table %d UPDATEs %.1f MB in %.0f ms; %d deltas sent meanwhile%n",
                    V4 + V6, chunk == Integer.MAX_VALUE ? "whole table in one flush" : "slices of " + chunk, flushes,
                    maxNanos / 1e6, firstNanos / 1e6, b.updates, b.bytes / 1e6, total / 1e6, a.updates - aBefore);
        }
    }
}
