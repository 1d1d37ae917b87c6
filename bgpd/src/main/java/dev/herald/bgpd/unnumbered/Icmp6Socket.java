package dev.herald.bgpd.unnumbered;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * A raw ICMPv6 socket (needs CAP_NET_RAW) through java.lang.foreign, for sending neighbour
 * discovery messages with hop limit 255 (RFC 4861 requires it; receivers drop anything less). It
 * receives nothing: an ICMP6_FILTER blocks every type, the kernel handles the answers itself.
 * Thread-safe: every call allocates its own memory.
 */
final class Icmp6Socket implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");
    private static final MethodHandle SOCKET = fn("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = fn("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SENDTO = fn("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private static final int AF_INET6 = 10;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int IPV6_UNICAST_HOPS = 16;
    private static final int IPV6_MULTICAST_HOPS = 18;
    private static final int IPV6_MULTICAST_LOOP = 19;
    private static final int ICMP6_FILTER = 1;
    private static final int SOCKADDR_IN6 = 28;
    private static final int EPERM = 1;

    private final int fd;
    private volatile boolean closed;

    private static MethodHandle fn(String name, FunctionDescriptor d) {
        MemorySegment addr = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(addr, d, ERRNO_OPT);
    }

    /** @throws IOException when the socket cannot be opened (EPERM without CAP_NET_RAW) */
    Icmp6Socket() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(CAPTURE);
            fd = (int) SOCKET.invokeExact(capture, AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
            if (fd < 0) {
                int e = (int) ERRNO.get(capture, 0L);
                throw new IOException("cannot open a raw ICMPv6 socket: errno " + e
                        + (e == EPERM ? " (EPERM: herald needs CAP_NET_RAW for this)" : ""));
            }
            setInt(a, capture, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255);
            setInt(a, capture, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255);
            setInt(a, capture, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0);
            MemorySegment blockAll = a.allocate(32);
            blockAll.fill((byte) 0xFF); // ICMP6_FILTER_SETBLOCKALL
            int ignored = (int) SETSOCKOPT.invokeExact(capture, fd, IPPROTO_ICMPV6, ICMP6_FILTER, blockAll, 32);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private void setInt(Arena a, MemorySegment capture, int level, int option, int value) throws Throwable {
        MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
        v.set(ValueLayout.JAVA_INT, 0, value);
        if ((int) SETSOCKOPT.invokeExact(capture, fd, level, option, v, 4) < 0) {
            throw new IOException("setsockopt(" + option + ") on the ICMPv6 socket: errno " + (int) ERRNO.get(capture, 0L));
        }
    }

    /** Sends {@code message} to {@code destination} (16 bytes, a link-local multicast group) out of {@code ifindex}. */
    void send(byte[] message, byte[] destination, int ifindex) throws IOException {
        if (closed) {
            throw new IOException("ICMPv6 socket closed");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(CAPTURE);
            MemorySegment msg = a.allocate(message.length);
            MemorySegment.copy(message, 0, msg, ValueLayout.JAVA_BYTE, 0, message.length);
            // struct sockaddr_in6 { u16 family; u16 port; u32 flowinfo; u8 addr[16]; u32 scope_id; }
            MemorySegment sa = a.allocate(SOCKADDR_IN6, 4);
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
            MemorySegment.copy(destination, 0, sa, ValueLayout.JAVA_BYTE, 8, 16);
            sa.set(ValueLayout.JAVA_INT, 24, ifindex);
            long r = (long) SENDTO.invokeExact(capture, fd, msg, (long) message.length, 0, sa, SOCKADDR_IN6);
            if (r < 0) {
                throw new IOException("sendto(ICMPv6) on interface " + ifindex + ": errno " + (int) ERRNO.get(capture, 0L));
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(a.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            // best effort
        }
    }
}
