package dev.herald.bgpd.unnumbered;

import java.nio.ByteBuffer;

/**
 * The two ICMPv6 neighbour discovery messages herald sends on an unnumbered interface (RFC 4861
 * section 4.1 and 4.2), checksum left zero: the kernel fills it in on a raw ICMPv6 socket.
 */
public final class NdMessages {
    public static final int ROUTER_SOLICITATION = 133;
    public static final int ROUTER_ADVERTISEMENT = 134;
    /** Source link-layer address option. */
    static final int OPTION_SOURCE_LLA = 1;

    private NdMessages() {
    }

    /**
     * A router advertisement with router lifetime 0: "I am here" for BGP speakers that learn their
     * unnumbered neighbour from RAs (FRR's zebra), but hosts on the link never pick herald as a
     * default router (RFC 4861 6.2.5). No prefixes, no hop limit or timers (0: unspecified).
     */
    public static byte[] routerAdvertisement(byte[] mac) {
        ByteBuffer b = ByteBuffer.allocate(16 + option(mac));
        b.put((byte) ROUTER_ADVERTISEMENT).put((byte) 0).putShort((short) 0); // type, code, checksum
        b.put((byte) 0).put((byte) 0).putShort((short) 0); // cur hop limit, flags, router lifetime 0
        b.putInt(0).putInt(0); // reachable time, retrans timer
        sourceLla(b, mac);
        return b.array();
    }

    /** A router solicitation: a BGP router on the link answers with a router advertisement at once. */
    public static byte[] routerSolicitation(byte[] mac) {
        ByteBuffer b = ByteBuffer.allocate(8 + option(mac));
        b.put((byte) ROUTER_SOLICITATION).put((byte) 0).putShort((short) 0).putInt(0);
        sourceLla(b, mac);
        return b.array();
    }

    private static int option(byte[] mac) {
        return mac == null || mac.length == 0 ? 0 : (2 + mac.length + 7) / 8 * 8;
    }

    private static void sourceLla(ByteBuffer b, byte[] mac) {
        int len = option(mac);
        if (len == 0) {
            return; // an interface without a link-layer address (tun, say): the option must be left out
        }
        b.put((byte) OPTION_SOURCE_LLA).put((byte) (len / 8)).put(mac);
        b.put(new byte[len - 2 - mac.length]);
    }
}
