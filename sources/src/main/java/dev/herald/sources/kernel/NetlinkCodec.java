package dev.herald.sources.kernel;

import static dev.herald.sources.kernel.Netlink.align;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Pure encoder and decoder of the NETLINK_ROUTE messages herald uses: nlmsghdr, rtmsg with its
 * rtattrs, ifinfomsg with IFLA_IFNAME and IFLA_LINKINFO, NLMSG_DONE and NLMSG_ERROR. No I/O:
 * buffers in, records out. Netlink uses the host's byte order; the buffer's order is used as given.
 */
public final class NetlinkCodec {
    private NetlinkCodec() {
    }

    /** Thrown for a message that does not fit its own length fields. */
    public static final class MalformedException extends RuntimeException {
        MalformedException(String message) {
            super(message);
        }
    }

    /** A dump request for every route of one family (AF_INET or AF_INET6). */
    public static ByteBuffer routeDumpRequest(int family, int seq) {
        ByteBuffer b = ByteBuffer.allocate(Netlink.NLMSG_HDRLEN + Netlink.RTMSG_LEN).order(ByteOrder.nativeOrder());
        header(b, Netlink.RTM_GETROUTE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, seq);
        b.put((byte) family); // rtm_family; the rest of rtmsg is zero (no filtering by the kernel)
        return b.position(0);
    }

    /** A dump request for every link (to find VRF devices and their tables). */
    public static ByteBuffer linkDumpRequest(int seq) {
        ByteBuffer b = ByteBuffer.allocate(Netlink.NLMSG_HDRLEN + Netlink.IFINFOMSG_LEN).order(ByteOrder.nativeOrder());
        header(b, Netlink.RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, seq);
        return b.position(0);
    }

    private static void header(ByteBuffer b, int type, int flags, int seq) {
        b.putInt(0, b.capacity());
        b.putShort(4, (short) type);
        b.putShort(6, (short) flags);
        b.putInt(8, seq);
        b.putInt(12, 0);
        b.position(Netlink.NLMSG_HDRLEN);
    }

    /** Decodes every message in {@code buf} (position to limit). */
    public static List<NetlinkMessage> parse(ByteBuffer buf) {
        List<NetlinkMessage> out = new ArrayList<>();
        parse(buf, out::add);
        return out;
    }

    /** Decodes every message in {@code buf} (position to limit) and hands each to {@code sink}. */
    public static void parse(ByteBuffer buf, Consumer<NetlinkMessage> sink) {
        int pos = buf.position();
        int end = buf.limit();
        while (end - pos >= Netlink.NLMSG_HDRLEN) {
            int len = buf.getInt(pos);
            if (len < Netlink.NLMSG_HDRLEN || len > end - pos) {
                throw new MalformedException("nlmsg_len " + len + " at offset " + pos + " with " + (end - pos) + " bytes left");
            }
            NetlinkMessage.Header h = new NetlinkMessage.Header(len, buf.getShort(pos + 4) & 0xFFFF,
                    buf.getShort(pos + 6) & 0xFFFF, buf.getInt(pos + 8), buf.getInt(pos + 12));
            int body = pos + Netlink.NLMSG_HDRLEN;
            int bodyEnd = pos + len;
            sink.accept(switch (h.type()) {
                case Netlink.RTM_NEWROUTE, Netlink.RTM_DELROUTE -> new NetlinkMessage.Route(h, route(buf, h, body, bodyEnd));
                case Netlink.RTM_NEWLINK, Netlink.RTM_DELLINK -> link(buf, h, body, bodyEnd);
                case Netlink.NLMSG_DONE -> new NetlinkMessage.Done(h);
                case Netlink.NLMSG_ERROR -> {
                    if (bodyEnd - body < 4) {
                        throw new MalformedException("NLMSG_ERROR without an error code");
                    }
                    yield new NetlinkMessage.Error(h, -buf.getInt(body));
                }
                default -> new NetlinkMessage.Other(h);
            });
            pos += align(len);
        }
        buf.position(end);
    }

    private static RouteMessage route(ByteBuffer b, NetlinkMessage.Header h, int body, int end) {
        if (end - body < Netlink.RTMSG_LEN) {
            throw new MalformedException("route message shorter than rtmsg: " + (end - body));
        }
        int family = u8(b, body);
        int dstLen = u8(b, body + 1);
        int srcLen = u8(b, body + 2);
        int tos = u8(b, body + 3);
        int table = u8(b, body + 4);
        int protocol = u8(b, body + 5);
        int scope = u8(b, body + 6);
        int type = u8(b, body + 7);
        int flags = b.getInt(body + 8);
        byte[] dst = null;
        long priority = 0;
        int oif = 0;
        byte[] gateway = null;
        List<RouteMessage.NextHop> multipath = null;
        int a = body + Netlink.RTMSG_LEN;
        while (end - a >= 4) {
            int alen = attributeLength(b, a, end, "rtattr");
            int v = a + 4;
            int vlen = alen - 4;
            switch (attributeType(b, a)) {
                case Netlink.RTA_DST -> dst = bytes(b, v, vlen);
                case Netlink.RTA_TABLE -> table = vlen >= 4 ? b.getInt(v) : table;
                case Netlink.RTA_PRIORITY -> priority = vlen >= 4 ? Integer.toUnsignedLong(b.getInt(v)) : 0;
                case Netlink.RTA_OIF -> oif = vlen >= 4 ? b.getInt(v) : 0;
                case Netlink.RTA_GATEWAY -> gateway = bytes(b, v, vlen);
                case Netlink.RTA_MULTIPATH -> multipath = multipath(b, v, v + vlen);
                default -> {
                    // not needed to decide what to announce
                }
            }
            a += align(alen);
        }
        List<RouteMessage.NextHop> hops = multipath != null ? multipath : List.of(new RouteMessage.NextHop(oif, gateway));
        return new RouteMessage(h.type() == Netlink.RTM_DELROUTE, h.flags(), family, dstLen, srcLen, tos, table,
                protocol, scope, type, flags, dst, priority, hops);
    }

    private static List<RouteMessage.NextHop> multipath(ByteBuffer b, int pos, int end) {
        List<RouteMessage.NextHop> hops = new ArrayList<>(2);
        while (end - pos >= Netlink.RTNH_LEN) {
            int len = b.getShort(pos) & 0xFFFF;
            if (len < Netlink.RTNH_LEN || len > end - pos) {
                throw new MalformedException("rtnexthop length " + len + " at offset " + pos);
            }
            int ifindex = b.getInt(pos + 4);
            byte[] gw = null;
            int a = pos + Netlink.RTNH_LEN;
            int hopEnd = pos + len;
            while (hopEnd - a >= 4) {
                int alen = attributeLength(b, a, hopEnd, "rtnexthop attribute");
                if (attributeType(b, a) == Netlink.RTA_GATEWAY) {
                    gw = bytes(b, a + 4, alen - 4);
                }
                a += align(alen);
            }
            hops.add(new RouteMessage.NextHop(ifindex, gw));
            pos += align(len);
        }
        return List.copyOf(hops);
    }

    private static NetlinkMessage.Link link(ByteBuffer b, NetlinkMessage.Header h, int body, int end) {
        if (end - body < Netlink.IFINFOMSG_LEN) {
            throw new MalformedException("link message shorter than ifinfomsg: " + (end - body));
        }
        int index = b.getInt(body + 4);
        int flags = b.getInt(body + 8);
        String name = null;
        String kind = null;
        int vrfTable = -1;
        int a = body + Netlink.IFINFOMSG_LEN;
        while (end - a >= 4) {
            int alen = attributeLength(b, a, end, "ifla attribute");
            int atype = attributeType(b, a);
            if (atype == Netlink.IFLA_IFNAME) {
                name = string(b, a + 4, alen - 4);
            } else if (atype == Netlink.IFLA_LINKINFO) {
                int i = a + 4;
                int iend = a + alen;
                while (iend - i >= 4) {
                    int ilen = attributeLength(b, i, iend, "linkinfo attribute");
                    int itype = attributeType(b, i);
                    if (itype == Netlink.IFLA_INFO_KIND) {
                        kind = string(b, i + 4, ilen - 4);
                    } else if (itype == Netlink.IFLA_INFO_DATA) {
                        vrfTable = vrfTable(b, i + 4, i + ilen, vrfTable);
                    }
                    i += align(ilen);
                }
            }
            a += align(alen);
        }
        if (!"vrf".equals(kind)) {
            vrfTable = -1;
        }
        return new NetlinkMessage.Link(h, h.type() == Netlink.RTM_DELLINK, index, name, kind, vrfTable, flags);
    }

    /**
     * IFLA_VRF_TABLE inside IFLA_INFO_DATA, else {@code otherwise}. Read leniently (a bad length
     * ends the walk, it is not an error): the data's layout depends on the link kind.
     */
    private static int vrfTable(ByteBuffer b, int d, int end, int otherwise) {
        int table = otherwise;
        while (end - d >= 8) {
            int dlen = b.getShort(d) & 0xFFFF;
            if (dlen < 4 || dlen > end - d) {
                break;
            }
            if (attributeType(b, d) == Netlink.IFLA_VRF_TABLE && dlen >= 8) {
                table = b.getInt(d + 4);
            }
            d += align(dlen);
        }
        return table;
    }

    /**
     * The length of the attribute at {@code a} (struct rtattr and nlattr alike: u16 length, u16
     * type), checked to lie within {@code end}: a static check, so no lambda or object enters the
     * per-route loop.
     */
    private static int attributeLength(ByteBuffer b, int a, int end, String what) {
        int alen = b.getShort(a) & 0xFFFF;
        if (alen < 4 || alen > end - a) {
            throw new MalformedException(what + " length " + alen + " at offset " + a);
        }
        return alen;
    }

    /** The attribute's type without NLA_F_NESTED / NLA_F_NET_BYTEORDER. */
    private static int attributeType(ByteBuffer b, int a) {
        return b.getShort(a + 2) & 0x3FFF;
    }

    private static int u8(ByteBuffer b, int i) {
        return b.get(i) & 0xFF;
    }

    private static byte[] bytes(ByteBuffer b, int pos, int len) {
        byte[] out = new byte[len];
        b.get(pos, out);
        return out;
    }

    private static String string(ByteBuffer b, int pos, int len) {
        int n = 0;
        while (n < len && b.get(pos + n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(pos, s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
