package dev.herald.fsm.transport;

import dev.herald.fsm.SessionConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;

/**
 * Per-peer socket options: TCP-MD5 (RFC 2385), the TTL / hop limit we send with (eBGP multihop,
 * GTSM) and the minimum TTL / hop count we accept (GTSM, RFC 5082). Netty's epoll channels pass
 * {@link IntegerUnixChannelOption}s straight to setsockopt, so no native code of our own is needed.
 * IPv4 sessions on a dual-stack (AF_INET6) socket take the IPv4-level options: Linux hands SOL_IP to
 * the IPv4 code on such sockets, and those are the ones that apply to IPv4-mapped traffic.
 */
final class SocketOptions {
    static final ChannelOption<Integer> IP_TTL = new IntegerUnixChannelOption("IP_TTL", 0, 2);
    static final ChannelOption<Integer> IP_MINTTL = new IntegerUnixChannelOption("IP_MINTTL", 0, 21);
    static final ChannelOption<Integer> IPV6_UNICAST_HOPS = new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", 41, 16);
    static final ChannelOption<Integer> IPV6_MINHOPCOUNT = new IntegerUnixChannelOption("IPV6_MINHOPCOUNT", 41, 73);

    private SocketOptions() {
    }

    static boolean isIpv4(InetAddress peer) {
        return peer instanceof Inet4Address;
    }

    /** Sets the TTL options on a connected or accepted socket; returns the problem, or null. */
    static String applyTtl(Channel ch, SessionConfig cfg) {
        boolean v4 = !cfg.unnumbered() && isIpv4(cfg.remoteAddress());
        StringBuilder problems = new StringBuilder();
        if (cfg.ttl() > 0) {
            set(ch, v4 ? IP_TTL : IPV6_UNICAST_HOPS, cfg.ttl(), problems);
        }
        if (cfg.minTtl() > 0) {
            set(ch, v4 ? IP_MINTTL : IPV6_MINHOPCOUNT, cfg.minTtl(), problems);
        }
        return problems.isEmpty() ? null : problems.toString();
    }

    /** Sets one option; a failure is added to {@code problems}. */
    static void set(Channel ch, ChannelOption<Integer> option, int value, StringBuilder problems) {
        try {
            if (!ch.config().setOption(option, value)) {
                problems.append(problems.isEmpty() ? "" : "; ").append(option.name()).append(" not supported");
            }
        } catch (RuntimeException e) {
            problems.append(problems.isEmpty() ? "" : "; ").append("cannot set ").append(option.name()).append(" to ")
                    .append(value).append(": ").append(Reasons.describe(e));
        }
    }

    /**
     * The most bytes herald's writes may leave unsent in the kernel (TCP_NOTSENT_LOWAT); bytes in
     * flight are bounded by the peer's window anyway. Without it Linux grows a fast session's send
     * buffer up to net.ipv4.tcp_wmem's maximum (4 MB by default; measured 3.2 MB absorbed on
     * loopback for a peer that stopped reading) and keeps it when the peer slows down: megabytes of
     * UPDATEs already superseded, that a slow reader must take before the newest state (ADR 0012),
     * and during which herald's own queue does not move, so the send hold timer cannot tell a slow
     * reader from a stopped one. Small, because Linux wakes a writer only once the unsent bytes are
     * below half of it: with 128 KiB a peer had to read 64 KiB before herald's queue moved, 16 s at
     * 4 KB/s, and a 6 s send hold timer dropped it although it read (SlowPeerTest); with 16 KiB,
     * 8 KiB. A wake-up per 8 KiB is some 100 a second at herald's bulk rate (under 1 MB/s).
     */
    static final long NOT_SENT_LOW_WATER = 16 * 1024;

    /** Keeps a slow peer's backlog in herald's own queue, where back-pressure sees it: see {@link #NOT_SENT_LOW_WATER}. */
    static void applyNotSentLowWater(Channel ch) {
        ch.config().setOption(EpollChannelOption.TCP_NOTSENT_LOWAT, NOT_SENT_LOW_WATER);
    }

    /** The outgoing socket's TCP-MD5 key: set before connect. */
    static void applyMd5(Channel ch, SessionConfig cfg) {
        if (cfg.hasTcpMd5()) {
            ch.config().setOption(EpollChannelOption.TCP_MD5SIG, Map.of(cfg.remoteAddress(), cfg.tcpMd5Key()));
        }
    }
}
