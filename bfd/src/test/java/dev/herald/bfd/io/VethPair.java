package dev.herald.bfd.io;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Two network namespaces this test run created, joined by a veth pair with IPv4, IPv6 and
 * link-local IPv6 addresses (DAD off, so they are usable at once). Names carry the JVM's pid,
 * as the lab's do, so that helpers running at the same time do not clash. Needs root and
 * iproute2: without them {@link #requireLab} skips the test with a banner, except under
 * CI=true, where it fails.
 */
public final class VethPair implements AutoCloseable {
    public static final InetAddress A4 = address("10.99.0.1"), B4 = address("10.99.0.2");
    public static final InetAddress A6 = address("fd99::1"), B6 = address("fd99::2");
    public static final InetAddress A_LL = address("fe80::a"), B_LL = address("fe80::b");

    private static final AtomicInteger NEXT = new AtomicInteger(1);
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETNS = downcall("setns",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final int CLONE_NEWNET = 0x40000000;

    public final String a;
    public final String b;
    /** The veth ends' interface indexes, each in its own namespace. */
    public final int ifindexA;
    public final int ifindexB;

    private VethPair(String a, String b, int ifindexA, int ifindexB) {
        this.a = a;
        this.b = b;
        this.ifindexA = ifindexA;
        this.ifindexB = ifindexB;
    }

    /** Skips (or under CI=true fails) unless this JVM can create namespaces. */
    public static void requireLab() {
        String missing = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            missing = "not root";
        } else if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
                && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
            missing = "no ip (iproute2)";
        }
        if (missing == null) {
            return;
        }
        String banner = "!!! BFD transport namespace tests " + ("true".equals(System.getenv("CI")) ? "FAIL" : "SKIPPED")
                + ": " + missing + "; they need root and iproute2 to create network namespaces !!!";
        System.err.println("\n" + banner + "\n");
        if ("true".equals(System.getenv("CI"))) {
            fail(banner);
        }
        Assumptions.abort(banner);
    }

    public static VethPair create() throws IOException {
        long pid = ProcessHandle.current().pid();
        int n = NEXT.getAndIncrement();
        String a = "hb-" + pid + "-" + n + "-a", b = "hb-" + pid + "-" + n + "-b";
        // Interface names have at most 15 characters.
        String vethA = "hb" + pid + "a" + n, vethB = "hb" + pid + "b" + n;
        run("ip", "netns", "add", a);
        try {
            run("ip", "netns", "add", b);
            run("ip", "link", "add", vethA, "netns", a, "type", "veth", "peer", "name", vethB, "netns", b);
            for (String[] side : new String[][] {{a, vethA, "10.99.0.1/24", "fd99::1/64", "fe80::a/64"},
                    {b, vethB, "10.99.0.2/24", "fd99::2/64", "fe80::b/64"}}) {
                run("ip", "-n", side[0], "link", "set", "lo", "up");
                run("ip", "-n", side[0], "addr", "add", side[2], "dev", side[1]);
                run("ip", "-n", side[0], "addr", "add", side[3], "dev", side[1], "nodad");
                run("ip", "-n", side[0], "addr", "add", side[4], "dev", side[1], "nodad");
                run("ip", "-n", side[0], "link", "set", side[1], "up");
            }
            return new VethPair(a, b, ifindex(a, vethA), ifindex(b, vethB));
        } catch (IOException | RuntimeException e) {
            delete(b);
            delete(a);
            throw e;
        }
    }

    /** Threads that enter namespace {@code ns} before they run: the sockets they open live there. */
    public static ThreadFactory threadsIn(String ns) {
        return r -> Thread.ofPlatform().name("herald-bfd-" + ns).daemon().unstarted(() -> {
            enter(ns);
            r.run();
        });
    }

    /** Runs {@code body} on a new thread in namespace {@code ns} and waits for it. */
    public static void inNamespace(String ns, ThrowingRunnable body) throws Exception {
        Exception[] failure = new Exception[1];
        Thread t = threadsIn(ns).newThread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        t.start();
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Override
    public void close() {
        delete(a);
        delete(b);
    }

    private static void enter(String ns) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom("/run/netns/" + ns), 0);
            if (fd < 0) {
                throw new IllegalStateException("cannot open /run/netns/" + ns);
            }
            int rc = (int) SETNS.invokeExact(fd, CLONE_NEWNET);
            int ignored = (int) CLOSE.invokeExact(fd);
            if (rc != 0) {
                throw new IllegalStateException("setns into " + ns + " failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int ifindex(String ns, String dev) throws IOException {
        return Integer.parseInt(run("ip", "netns", "exec", ns, "cat", "/sys/class/net/" + dev + "/ifindex").trim());
    }

    private static void delete(String ns) {
        try {
            run("ip", "netns", "del", ns);
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot delete namespace " + ns + ": " + e.getMessage());
        }
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", new ArrayList<>(List.of(command))) + ": " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static MethodHandle downcall(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
