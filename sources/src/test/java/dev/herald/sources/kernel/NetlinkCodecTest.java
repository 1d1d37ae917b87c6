package dev.herald.sources.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Byte vectors captured from a real kernel (src/test/resources/netlink) and hand-built edge cases. */
class NetlinkCodecTest {
    private static RouteMessage find(List<RouteMessage> rs, String prefix, int table) {
        Prefix p = Prefix.parse(prefix);
        return rs.stream().filter(r -> p.equals(r.prefix()) && r.table() == table).findFirst()
                .orElseThrow(() -> new AssertionError(prefix + " table " + table + " not in " + rs));
    }

    @Test
    void dumpIsMultipartAndEndsInDone() {
        List<NetlinkMessage> ms = Captured.messages("dump.hex");
        assertEquals(22, ms.size());
        long dones = ms.stream().filter(m -> m instanceof NetlinkMessage.Done).count();
        assertEquals(2, dones);
        for (NetlinkMessage m : ms) {
            assertTrue(m.header().multi(), () -> "dump part without NLM_F_MULTI: " + m);
            assertFalse(m.header().dumpInterrupted());
        }
        assertEquals(List.of(2, 10), ms.stream().filter(m -> m instanceof NetlinkMessage.Done).map(m -> m.header().seq()).toList());
    }

    @Test
    void ovnBlackholeRouteDecodes() {
        RouteMessage r = find(Captured.routes("dump.hex"), "203.0.113.1/32", 10);
        assertFalse(r.deleted());
        assertTrue(r.isIpv4());
        assertEquals(6, r.type()); // RTN_BLACKHOLE
        assertEquals(84, r.protocol()); // RTPROT_OVN
        assertEquals(100, r.priority());
        assertEquals(32, r.dstLength());
        assertEquals(1000, find(Captured.routes("dump.hex"), "203.0.113.0/24", 10).priority());
    }

    @Test
    void rtaTableOverridesRtmTable() {
        RouteMessage r = find(Captured.routes("dump.hex"), "192.0.2.0/25", 100000);
        assertEquals(0, r.priority()); // no RTA_PRIORITY for a metric-0 IPv4 route
    }

    @Test
    void gatewayOifAndScope() {
        RouteMessage r = find(Captured.routes("dump.hex"), "198.51.100.0/24", 254);
        assertEquals(4, r.protocol());
        assertEquals(1, r.type());
        assertEquals(1, r.nextHops().size());
        assertArrayEquals(new byte[] {(byte) 198, 18, (byte) 200, 2}, r.nextHops().getFirst().gateway());
        assertEquals(3, r.nextHops().getFirst().oif());
        RouteMessage connected = find(Captured.routes("dump.hex"), "198.18.200.0/24", 254);
        assertEquals(2, connected.protocol()); // kernel
        assertEquals(253, connected.scope()); // link
    }

    @Test
    void ipv6MultipathHasEveryNextHop() {
        RouteMessage r = find(Captured.routes("dump.hex"), "2001:db8:1::/48", 10);
        assertTrue(r.isIpv6());
        assertEquals(1024, r.priority());
        assertEquals(2, r.nextHops().size());
        assertEquals("fd000200000000000000000000000002", HexFormat.of().formatHex(r.nextHops().get(0).gateway()));
        assertEquals("fd000200000000000000000000000003", HexFormat.of().formatHex(r.nextHops().get(1).gateway()));
        RouteMessage bh = find(Captured.routes("dump.hex"), "2001:db8::1/128", 10);
        assertEquals(6, bh.type());
        assertEquals(1, bh.nextHops().getFirst().oif()); // IPv6 blackholes sit on lo
        assertNull(bh.nextHops().getFirst().gateway());
    }

    @Test
    void notificationsCarryTheirFlags() {
        List<NetlinkMessage> ms = Captured.messages("events.hex");
        NetlinkMessage.Route add = (NetlinkMessage.Route) ms.get(0);
        NetlinkMessage.Route replace = (NetlinkMessage.Route) ms.get(1);
        NetlinkMessage.Route del = (NetlinkMessage.Route) ms.get(2);
        assertFalse(add.route().deleted());
        assertFalse(add.header().multi());
        assertEquals(Netlink.NLM_F_REPLACE, replace.route().nlFlags() & Netlink.NLM_F_REPLACE);
        assertEquals(7, replace.route().type()); // unreachable now
        assertTrue(del.route().deleted());
        NetlinkMessage.Route sibling = (NetlinkMessage.Route) ms.get(3);
        assertTrue(sibling.route().deleted());
        assertEquals(1, sibling.route().nextHops().size());
        assertEquals("fd000200000000000000000000000003", HexFormat.of().formatHex(sibling.route().nextHops().getFirst().gateway()));
    }

    @Test
    void dumpRequestIsAnRtmGetrouteWithDumpFlags() {
        ByteBuffer b = NetlinkCodec.routeDumpRequest(Netlink.AF_INET6, 7).order(ByteOrder.LITTLE_ENDIAN);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            assertEquals("1c000000" + "1a00" + "0103" + "07000000" + "00000000" + "0a000000" + "0000000000000000",
                    HexFormat.of().formatHex(bytes));
        }
        assertEquals(28, bytes.length);
        assertEquals(32, NetlinkCodec.linkDumpRequest(1).remaining());
    }

    @Test
    void errorAndAck() {
        ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(36).putShort((short) 2).putShort((short) 0).putInt(5).putInt(99).putInt(-16); // -EBUSY
        b.position(0);
        NetlinkMessage.Error e = assertInstanceOf(NetlinkMessage.Error.class, NetlinkCodec.parse(b).getFirst());
        assertEquals(16, e.errno());
        assertEquals(5, e.header().seq());
    }

    @Test
    void vrfLinkGivesItsTable() {
        // RTM_NEWLINK: ifinfomsg, IFLA_IFNAME "ovnvrf10", IFLA_LINKINFO { KIND "vrf", DATA { VRF_TABLE 10 } }
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).putShort((short) 16).putShort((short) 2).putInt(1).putInt(0);      // nlmsghdr (length later)
        b.put(new byte[] {0, 0, 0, 0}).putInt(7).putInt(0).putInt(0);                 // ifinfomsg, index 7
        b.putShort((short) 13).putShort((short) 3).put("ovnvrf10\0".getBytes()).put(new byte[3]); // IFLA_IFNAME
        b.putShort((short) 24).putShort((short) (18 | 0x8000));                       // IFLA_LINKINFO, nested
        b.putShort((short) 8).putShort((short) 1).put("vrf\0".getBytes());            // IFLA_INFO_KIND
        b.putShort((short) 12).putShort((short) (2 | 0x8000));                        // IFLA_INFO_DATA
        b.putShort((short) 8).putShort((short) 1).putInt(10);                         // IFLA_VRF_TABLE
        int len = b.position();
        b.putInt(0, len).flip();
        NetlinkMessage.Link l = assertInstanceOf(NetlinkMessage.Link.class, NetlinkCodec.parse(b).getFirst());
        assertEquals("ovnvrf10", l.name());
        assertEquals("vrf", l.kind());
        assertEquals(10, l.vrfTable());
        assertEquals(7, l.index());
        assertFalse(l.deleted());
        assertFalse(l.up(), "ifi_flags 0: down");
    }

    @Test
    void truncatedMessagesAreRefused() {
        ByteBuffer whole = Captured.datagrams("dump.hex").getFirst();
        ByteBuffer cut = whole.duplicate().order(ByteOrder.LITTLE_ENDIAN).limit(whole.limit() - 10);
        assertThrows(NetlinkCodec.MalformedException.class, () -> NetlinkCodec.parse(cut));
        ByteBuffer badAttr = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        badAttr.putInt(32).putShort((short) 24).putShort((short) 0).putInt(0).putInt(0);
        badAttr.put(new byte[] {2, 32, 0, 0, (byte) 254, 4, 0, 1}).putInt(0).putShort((short) 40).putShort((short) 1);
        badAttr.flip();
        assertThrows(NetlinkCodec.MalformedException.class, () -> NetlinkCodec.parse(badAttr));
    }

    @Test
    void randomCorruptionNeverThrowsAnythingButMalformed() {
        Random rnd = new Random(8);
        List<ByteBuffer> all = Captured.datagrams("dump.hex");
        all.addAll(Captured.datagrams("events.hex"));
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer src = all.get(rnd.nextInt(all.size()));
            byte[] bytes = new byte[src.remaining()];
            src.duplicate().get(bytes);
            for (int k = rnd.nextInt(4) + 1; k > 0; k--) {
                bytes[rnd.nextInt(bytes.length)] = (byte) rnd.nextInt(256);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes, 0, rnd.nextInt(bytes.length + 1)).order(ByteOrder.LITTLE_ENDIAN);
            try {
                for (NetlinkMessage m : NetlinkCodec.parse(b)) {
                    if (m instanceof NetlinkMessage.Route r) {
                        r.route().toString();
                    }
                }
            } catch (NetlinkCodec.MalformedException expected) {
                // fine
            }
        }
    }
}
