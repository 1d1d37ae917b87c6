package dev.herald.sources.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's IPv6 neighbour table (RTM_GETNEIGH dump, what {@code ip -6 neigh show dev IF}
 * prints): used to find the BGP neighbour's link-local address on an unnumbered interface. The
 * decoder is pure ({@link #parse}); {@link #dump} does one short request on a fresh socket.
 */
public final class NeighbourTable {
    static final int RTM_NEWNEIGH = 28;
    static final int RTM_GETNEIGH = 30;
    static final int NDMSG_LEN = 12;
    static final int NDA_DST = 1;

    /** ndm_state bits (linux/neighbour.h). */
    public static final int NUD_INCOMPLETE = 0x01;
    public static final int NUD_REACHABLE = 0x02;
    public static final int NUD_STALE = 0x04;
    public static final int NUD_DELAY = 0x08;
    public static final int NUD_PROBE = 0x10;
    public static final int NUD_FAILED = 0x20;
    public static final int NUD_NOARP = 0x40;
    public static final int NUD_PERMANENT = 0x80;
    /** ndm_flags: the neighbour said it is a router (RA, or NA with the R flag). */
    public static final int NTF_ROUTER = 0x80;

    private static final int BUFFER = 64 * 1024;

    private NeighbourTable() {
    }

    /**
     * One neighbour entry.
     *
     * @param ifindex the interface it was seen on
     * @param address the neighbour's address (16 bytes for IPv6)
     * @param state   ndm_state (NUD_* bits)
     * @param flags   ndm_flags (NTF_ROUTER, ...)
     */
    public record Neighbour(int ifindex, byte[] address, int state, int flags) {
        /** The kernel has (or had until recently) a link-layer address for it: not INCOMPLETE or FAILED. */
        public boolean usable() {
            return (state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT | NUD_NOARP)) != 0;
        }

        public boolean router() {
            return (flags & NTF_ROUTER) != 0;
        }
    }

    /** Every IPv6 neighbour entry of the current network namespace. */
    public static List<Neighbour> dump() throws IOException {
        try (NetlinkSocket s = new NetlinkSocket(0, BUFFER)) {
            int seq = (int) (System.nanoTime() & 0x7FFFFFFF);
            s.send(request(Netlink.AF_INET6, seq));
            List<Neighbour> out = new ArrayList<>();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                int n = s.receive();
                if (n == NetlinkSocket.AGAIN) {
                    s.poll(100);
                    continue;
                }
                if (n < 0) {
                    throw new IOException("netlink neighbour dump failed: errno " + (-n));
                }
                if (parse(s.received(n), seq, out)) {
                    return out;
                }
            }
            throw new IOException("netlink neighbour dump: no NLMSG_DONE within 2 s");
        }
    }

    /** An RTM_GETNEIGH dump request for one family. */
    static ByteBuffer request(int family, int seq) {
        ByteBuffer b = ByteBuffer.allocate(Netlink.NLMSG_HDRLEN + NDMSG_LEN).order(ByteOrder.nativeOrder());
        b.putInt(0, b.capacity());
        b.putShort(4, (short) RTM_GETNEIGH);
        b.putShort(6, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP));
        b.putInt(8, seq);
        b.putInt(12, 0);
        b.put(Netlink.NLMSG_HDRLEN, (byte) family);
        return b.position(0);
    }

    /**
     * Decodes one datagram of a dump reply into {@code out}; true once NLMSG_DONE (or an error)
     * for {@code seq} ends it. Messages of other sequences are skipped.
     */
    static boolean parse(ByteBuffer b, int seq, List<Neighbour> out) throws IOException {
        int pos = b.position();
        int end = b.limit();
        while (end - pos >= Netlink.NLMSG_HDRLEN) {
            int len = b.getInt(pos);
            if (len < Netlink.NLMSG_HDRLEN || len > end - pos) {
                throw new IOException("malformed netlink message: nlmsg_len " + len + " at offset " + pos);
            }
            int type = b.getShort(pos + 4) & 0xFFFF;
            boolean mine = b.getInt(pos + 8) == seq;
            int body = pos + Netlink.NLMSG_HDRLEN;
            if (mine && type == Netlink.NLMSG_DONE) {
                return true;
            }
            if (mine && type == Netlink.NLMSG_ERROR) {
                int errno = len - Netlink.NLMSG_HDRLEN >= 4 ? -b.getInt(body) : 0;
                if (errno != 0) {
                    throw new IOException("netlink neighbour dump refused: errno " + errno);
                }
                return true;
            }
            if (mine && type == RTM_NEWNEIGH && len - Netlink.NLMSG_HDRLEN >= NDMSG_LEN) {
                Neighbour n = neighbour(b, body, pos + len);
                if (n != null) {
                    out.add(n);
                }
            }
            pos += Netlink.align(len);
        }
        return false;
    }

    private static Neighbour neighbour(ByteBuffer b, int body, int end) throws IOException {
        // struct ndmsg { u8 family; u8 pad1; u16 pad2; s32 ifindex; u16 state; u8 flags; u8 type; }
        int ifindex = b.getInt(body + 4);
        int state = b.getShort(body + 8) & 0xFFFF;
        int flags = b.get(body + 10) & 0xFF;
        int a = body + NDMSG_LEN;
        while (end - a >= 4) {
            int alen = b.getShort(a) & 0xFFFF;
            if (alen < 4 || alen > end - a) {
                throw new IOException("malformed neighbour attribute length " + alen + " at offset " + a);
            }
            if ((b.getShort(a + 2) & 0x3FFF) == NDA_DST && (alen - 4 == 16 || alen - 4 == 4)) {
                byte[] addr = new byte[alen - 4];
                b.get(a + 4, addr);
                return new Neighbour(ifindex, addr, state, flags);
            }
            a += Netlink.align(alen);
        }
        return null;
    }
}
