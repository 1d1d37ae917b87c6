package dev.herald.os;

import java.util.HashMap;
import java.util.Map;

/**
 * Linux errno numbers (asm-generic/errno-base.h and errno.h, shared by x86_64 and aarch64) and
 * their symbolic names, so that a log line says ENOBUFS rather than 105.
 */
public final class Errno {
    private Errno() {
    }

    public static final int EPERM = 1;
    public static final int EINTR = 4;
    /** Nothing to read on a non-blocking call. */
    public static final int EAGAIN = 11;
    /** On netlink: the kernel dropped messages for a full receive buffer. */
    public static final int ENOBUFS = 105;
    public static final int EADDRINUSE = 98;
    /** On UDP: an ICMP error for an earlier datagram, reported by the next call. */
    public static final int ENETUNREACH = 101;
    public static final int ECONNREFUSED = 111;
    public static final int EHOSTUNREACH = 113;

    /** Number and name pairs, the errors socket calls return and a few more. */
    private static final String TABLE = """
            1 EPERM 2 ENOENT 3 ESRCH 4 EINTR 5 EIO 6 ENXIO 9 EBADF 11 EAGAIN 12 ENOMEM 13 EACCES 14 EFAULT
            16 EBUSY 17 EEXIST 19 ENODEV 20 ENOTDIR 22 EINVAL 23 ENFILE 24 EMFILE 28 ENOSPC 32 EPIPE
            36 ENAMETOOLONG 38 ENOSYS 88 ENOTSOCK 89 EDESTADDRREQ 90 EMSGSIZE 91 EPROTOTYPE 92 ENOPROTOOPT
            93 EPROTONOSUPPORT 94 ESOCKTNOSUPPORT 95 EOPNOTSUPP 97 EAFNOSUPPORT 98 EADDRINUSE
            99 EADDRNOTAVAIL 100 ENETDOWN 101 ENETUNREACH 103 ECONNABORTED 104 ECONNRESET 105 ENOBUFS
            106 EISCONN 107 ENOTCONN 110 ETIMEDOUT 111 ECONNREFUSED 112 EHOSTDOWN 113 EHOSTUNREACH
            114 EALREADY 115 EINPROGRESS
            """;
    private static final Map<Integer, String> NAMES = parse(TABLE);

    private static Map<Integer, String> parse(String table) {
        String[] words = table.trim().split("\\s+");
        Map<Integer, String> names = new HashMap<>();
        for (int i = 0; i + 1 < words.length; i += 2) {
            names.put(Integer.parseInt(words[i]), words[i + 1]);
        }
        return Map.copyOf(names);
    }

    /** The symbolic name of {@code errno}, or "errno N" for one this table does not know. */
    public static String name(int errno) {
        String name = NAMES.get(errno);
        return name != null ? name : "errno " + errno;
    }
}
