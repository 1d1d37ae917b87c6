/**
 * The operating system below herald: the few libc socket calls it makes itself through
 * java.lang.foreign (netlink, the sd_notify datagram, raw ICMPv6), where neither the JDK nor
 * Netty offers the socket. One binding for all of them: the symbol lookup, errno captured with
 * {@link java.lang.foreign.Linker.Option#captureCallState}, EINTR retried, and every failure an
 * {@link dev.herald.os.ErrnoException} that names the call and the errno. Linux only, the
 * numbers of x86_64 and aarch64 (asm-generic). See docs/adr/0013-os-module.md. HTTP/1.1 over
 * unix sockets is in {@link dev.herald.os.http} (docs/adr/0015-http-over-unix-sockets.md).
 */
package dev.herald.os;
