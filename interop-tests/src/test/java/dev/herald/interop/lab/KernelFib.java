package dev.herald.interop.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The IPv4 main routing table (FIB) of a lab namespace, read from a thread of this JVM that lives
 * in it: {@code /proc/thread-self/net/route} shows the calling thread's network namespace. A read
 * takes microseconds, where a {@code vtysh} query of FRR's BGP table takes 100-200 ms on the shared
 * lab machine, so a 20 ms poll really is 20 ms. zebra installs FRR's best BGP paths here: what the
 * router forwards with, a few milliseconds behind its BGP table. (BIRD in the lab has no kernel
 * protocol: its table is only in BIRD.)
 */
public final class KernelFib implements AutoCloseable {
    private static final Path ROUTES = Path.of("/proc/thread-self/net/route");
    private final ExecutorService thread;

    private KernelFib(Netns ns) {
        this.thread = Executors.newSingleThreadExecutor(NetnsSocket.threadsIn(ns, "fib"));
    }

    /** A reader of {@code ns}'s FIB (one thread of its own, in the namespace, until {@link #close}). */
    public static KernelFib of(Netns ns) {
        return new KernelFib(ns);
    }

    /** Whether the namespace's main table has a route for exactly {@code prefix} (IPv4). */
    public boolean has(IpPrefix prefix) {
        if (!(prefix.address() instanceof Inet4Address)) {
            throw new IllegalArgumentException("IPv4 only: " + prefix);
        }
        try {
            return thread.submit(() -> contains(Files.readAllLines(ROUTES), prefix)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted reading the FIB", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new LabException("cannot read the FIB", e.getCause());
        }
    }

    /**
     * {@code /proc/net/route}'s lines (a header, then IFACE DESTINATION GATEWAY FLAGS REFCNT USE METRIC MASK ...,
     * addresses as the kernel's 32-bit words in hex, byte-reversed on a little-endian host) hold {@code prefix}.
     */
    static boolean contains(List<String> lines, IpPrefix prefix) {
        String destination = hex(prefix.address().getAddress());
        int m = prefix.length() == 0 ? 0 : -1 << (32 - prefix.length());
        String mask = hex(new byte[] {(byte) (m >>> 24), (byte) (m >>> 16), (byte) (m >>> 8), (byte) m});
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[1].equalsIgnoreCase(destination) && f[7].equalsIgnoreCase(mask)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of an address in network order, as /proc/net/route prints the native 32-bit word holding them. */
    private static String hex(byte[] b) {
        return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN
                ? String.format("%02X%02X%02X%02X", b[3], b[2], b[1], b[0])
                : String.format("%02X%02X%02X%02X", b[0], b[1], b[2], b[3]);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
