package dev.herald.os;

import java.io.IOException;

/**
 * A libc call that failed, with the errno it left: "sendto(/run/systemd/notify): No such file or
 * directory (ENOENT)". Callers that handle one errno (EPERM without a capability) ask {@link #errno}.
 */
public final class ErrnoException extends IOException {
    private final String call;
    private final int errno;

    public ErrnoException(String call, int errno) {
        super(call + ": " + Libc.strerror(errno) + " (" + Errno.name(errno) + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The call and what it was made on, as "sendto(netlink)". */
    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }
}
