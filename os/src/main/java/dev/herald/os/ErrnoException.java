package dev.herald.os;

import java.io.IOException;

/**
 * A libc call that failed, with the errno it left: "sendto(/run/systemd/notify): No such file or
 * directory (ENOENT)". Callers that handle one errno (EPERM without a capability) ask {@link #errno}.
 */
public final class ErrnoException extends IOException {
    private final int errno;

    public ErrnoException(String call, int errno) {
        super(call + ": " + Libc.strerror(errno) + " (" + Errno.name(errno) + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
