package dev.herald.os;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A descriptor this process owns, closed exactly once however often and from whichever threads
 * {@link #close} is called: a second close(2) of the number could close a descriptor another
 * thread has been given since. close reports nothing: Linux releases the descriptor even when
 * close(2) fails, so there is nothing left to do about it.
 */
public final class OwnedFd implements AutoCloseable {
    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OwnedFd(int fd) {
        this.fd = fd;
    }

    /** A new socket, see {@link Libc#socket}. */
    public static OwnedFd socket(int domain, int type, int protocol, String what) throws ErrnoException {
        return new OwnedFd(Libc.socket(domain, type, protocol, what));
    }

    /** The number, for {@link Libc}'s calls; it may name another descriptor after {@link #close}. */
    public int fd() {
        return fd;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                Libc.close(fd);
            } catch (ErrnoException e) {
                // released all the same (see the class comment)
            }
        }
    }
}
