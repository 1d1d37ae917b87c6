package dev.herald.interop.lab;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A TCP socket of this JVM that lives in a lab namespace: a fresh platform thread enters the
 * namespace with setns(2) (which changes only the calling thread's network namespace), creates,
 * binds and connects the socket there, and ends. The socket stays in that namespace for its whole
 * life and can be used from any thread. Lets a test talk to a daemon on a namespace's loopback
 * without adding any address or link to the host.
 */
public final class NetnsSocket {
    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETNS = LINKER.downcallHandle(LINKER.defaultLookup().find("setns").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private NetnsSocket() {
    }

    /** A socket in {@code ns} bound to {@code from} and connected to {@code to} (5 s connect timeout). */
    public static Socket connect(Netns ns, InetSocketAddress from, InetSocketAddress to) throws IOException {
        CompletableFuture<Socket> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name("netns-" + ns.name()).start(() -> {
            try {
                enter(ns);
                Socket s = new Socket();
                try {
                    s.bind(from);
                    s.connect(to, 5000);
                    result.complete(s);
                } catch (IOException | RuntimeException e) {
                    s.close();
                    throw e;
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            Socket s = result.get();
            t.join();
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot connect in " + ns + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Platform threads that enter {@code ns} before they run: the sockets they open live there
     * (a test's own BFD transport on a lab link's speaker side, for instance).
     */
    public static java.util.concurrent.ThreadFactory threadsIn(Netns ns, String name) {
        return r -> Thread.ofPlatform().name(name + "-" + ns.name()).daemon().unstarted(() -> {
            try {
                enter(ns);
            } catch (Throwable e) {
                throw new LabException("cannot enter " + ns, e);
            }
            r.run();
        });
    }

    /** setns(2) of the calling thread into the namespace {@code ip netns} keeps at /run/netns/NAME. */
    private static void enter(Netns ns) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom("/run/netns/" + ns.name());
            int fd = (int) OPEN.invokeExact(path, O_RDONLY);
            if (fd < 0) {
                throw new IOException("cannot open /run/netns/" + ns.name());
            }
            try {
                int rc = (int) SETNS.invokeExact(fd, CLONE_NEWNET);
                if (rc != 0) {
                    throw new IOException("setns into " + ns + " failed");
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        }
    }
}
