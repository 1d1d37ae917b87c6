package dev.herald.bfd.io;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Two {@link BfdTransport}s, {@code a} and {@code b}, each in one namespace of a {@link VethPair}
 * this run created: the set-up of the transport's namespace tests. Closing closes both (again if
 * a test closed one already) and removes the namespaces.
 */
final class NetnsTransports implements AutoCloseable {
    final VethPair veth;
    final BfdTransport a;
    final BfdTransport b;

    private NetnsTransports(VethPair veth, BfdTransport a, BfdTransport b) {
        this.veth = veth;
        this.a = a;
        this.b = b;
    }

    /** Skips (or under CI=true fails) without root, as {@link VethPair#requireLab} does. */
    static NetnsTransports start() throws IOException {
        VethPair.requireLab();
        VethPair veth = VethPair.create();
        BfdTransport a = null;
        try {
            a = BfdTransport.start(VethPair.threadsIn(veth.a));
            return new NetnsTransports(veth, a, BfdTransport.start(VethPair.threadsIn(veth.b)));
        } catch (IOException | RuntimeException e) {
            if (a != null) {
                a.close();
            }
            veth.close();
            throw e;
        }
    }

    @Override
    public void close() {
        a.close();
        b.close();
        veth.close();
    }

    /** Waits for {@code condition}, up to 10 s: a bound for a broken build, not a timing claim. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }
}
