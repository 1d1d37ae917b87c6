package dev.herald.os;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The sockaddr structures herald passes to {@link Libc}, each allocated exactly as long as the
 * address it holds (the length the calls pass with it).
 */
public final class SockAddr {
    private SockAddr() {
    }

    /** sizeof(struct sockaddr_nl): family, pad, pid, groups. */
    public static final int NETLINK_LENGTH = 12;
    /** sizeof(struct sockaddr_un): family, then sun_path[108]. */
    public static final int UNIX_LENGTH = 110;
    public static final int SUN_PATH_MAX = UNIX_LENGTH - 2;
    /** sizeof(struct sockaddr_in): family, port, addr[4], zero[8]. */
    public static final int INET_LENGTH = 16;
    /** sizeof(struct sockaddr_in6): family, port, flowinfo, addr[16], scope_id. */
    public static final int INET6_LENGTH = 28;

    /** A netlink address with pid 0 and no groups: bound, the kernel picks the port id; as a destination, the kernel. */
    public static MemorySegment netlink(SegmentAllocator a) {
        MemorySegment sa = a.allocate(NETLINK_LENGTH, 4);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
        return sa;
    }

    /** nl_pid of a netlink address, the port id getsockname reports. */
    public static int netlinkPid(MemorySegment sa) {
        return sa.get(ValueLayout.JAVA_INT, 4);
    }

    /**
     * A unix-domain address: {@code sunPath} as the bytes of sun_path that count, a path with its
     * NUL terminator or an abstract name with its leading NUL and no terminator.
     */
    public static MemorySegment unix(SegmentAllocator a, byte[] sunPath) {
        if (sunPath.length > SUN_PATH_MAX) {
            throw new IllegalArgumentException("sun_path of " + sunPath.length + " bytes, more than " + SUN_PATH_MAX);
        }
        MemorySegment sa = a.allocate(2 + sunPath.length, 2);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(sunPath, 0, sa, ValueLayout.JAVA_BYTE, 2, sunPath.length);
        return sa;
    }

    /** An IPv4 address ({@code address}: 4 bytes) with a port. */
    public static MemorySegment inet(SegmentAllocator a, byte[] address, int port) {
        return inetOf(a, Libc.AF_INET, INET_LENGTH, address, 4, 4, port);
    }

    /** An IPv6 address ({@code address}: 16 bytes) with a port and, for link-local ones, the interface index. */
    public static MemorySegment inet6(SegmentAllocator a, byte[] address, int port, int scopeId) {
        MemorySegment sa = inetOf(a, Libc.AF_INET6, INET6_LENGTH, address, 16, 8, port);
        sa.set(ValueLayout.JAVA_INT, 24, scopeId);
        return sa;
    }

    /**
     * sockaddr_in and sockaddr_in6 share their start: family, then the port in network order;
     * the address ({@code addressLength} bytes) follows at {@code addressOffset} (after
     * sin6_flowinfo in the IPv6 one).
     */
    private static MemorySegment inetOf(SegmentAllocator a, int family, int length, byte[] address, int addressLength,
            int addressOffset, int port) {
        if (address.length != addressLength) {
            throw new IllegalArgumentException("an IPv" + (family == Libc.AF_INET ? 4 : 6) + " address has "
                    + addressLength + " bytes, not " + address.length);
        }
        MemorySegment sa = a.allocate(length, 4);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) family);
        sa.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) port);
        MemorySegment.copy(address, 0, sa, ValueLayout.JAVA_BYTE, addressOffset, addressLength);
        return sa;
    }
}
