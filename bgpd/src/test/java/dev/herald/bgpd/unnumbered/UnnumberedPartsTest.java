package dev.herald.bgpd.unnumbered;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.sources.kernel.NeighbourTable;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnnumberedPartsTest {
    private static final byte[] MAC = {0x52, 0x28, 0x5c, (byte) 0xc4, 0x6f, (byte) 0xfc};

    private static byte[] ip(String s) throws Exception {
        return InetAddress.getByName(s).getAddress();
    }

    private static NeighbourTable.Neighbour n(int ifindex, String addr, int state, int flags) throws Exception {
        return new NeighbourTable.Neighbour(ifindex, ip(addr), state, flags);
    }

    @Test
    void routerAdvertisementHasLifetimeZeroAndTheSourceLinkLayerAddress() {
        byte[] ra = NdMessages.routerAdvertisement(MAC);
        assertEquals(24, ra.length);
        assertEquals(134, ra[0] & 0xFF);
        assertEquals(0, ra[6] | ra[7], "router lifetime 0: hosts never use herald as their default router");
        assertEquals(1, ra[16]);
        assertEquals(1, ra[17], "option length in units of 8 bytes");
        byte[] mac = new byte[6];
        System.arraycopy(ra, 18, mac, 0, 6);
        assertArrayEquals(MAC, mac);
    }

    @Test
    void routerSolicitation() {
        byte[] rs = NdMessages.routerSolicitation(MAC);
        assertEquals(16, rs.length);
        assertEquals(133, rs[0] & 0xFF);
        assertEquals(1, rs[8]);
        assertEquals(8, NdMessages.routerSolicitation(null).length, "no link-layer address, no option");
    }

    @Test
    void choosesTheRouterOnTheInterface() throws Exception {
        List<NeighbourTable.Neighbour> table = List.of(
                n(3, "fe80::1", NeighbourTable.NUD_REACHABLE, NeighbourTable.NTF_ROUTER), // other interface
                n(2, "fd00::5", NeighbourTable.NUD_REACHABLE, NeighbourTable.NTF_ROUTER),  // not link-local
                n(2, "fe80::9", NeighbourTable.NUD_FAILED, NeighbourTable.NTF_ROUTER),     // no link-layer address
                n(2, "fe80::7", NeighbourTable.NUD_REACHABLE, 0),                         // a host
                n(2, "fe80::8", NeighbourTable.NUD_STALE, NeighbourTable.NTF_ROUTER));
        assertArrayEquals(ip("fe80::8"), NeighbourChoice.choose(table, 2).orElseThrow());
        assertEquals(Optional.empty(), NeighbourChoice.choose(table, 4));
        assertArrayEquals(ip("fe80::7"), NeighbourChoice.choose(table.subList(0, 4), 2).orElseThrow());
    }

    @Test
    void tieBreaksOnTheLowestAddress() throws Exception {
        List<NeighbourTable.Neighbour> table = List.of(
                n(2, "fe80::b", NeighbourTable.NUD_STALE, 0), n(2, "fe80::a", NeighbourTable.NUD_STALE, 0));
        assertArrayEquals(ip("fe80::a"), NeighbourChoice.choose(table, 2).orElseThrow());
        assertTrue(NeighbourChoice.isLinkLocal(ip("febf::1")));
    }
}
