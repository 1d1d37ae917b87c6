package dev.herald.sources.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighbourTableTest {
    private static final int SEQ = 77;

    /** An RTM_NEWNEIGH as the kernel sends it: ndmsg, NDA_DST, NDA_LLADDR (6 bytes, padded). */
    private static void neigh(ByteBuffer b, int seq, int ifindex, int state, int flags, byte[] dst) {
        int start = b.position();
        int len = 16 + 12 + (4 + dst.length) + 12;
        b.putInt(len).putShort((short) NeighbourTable.RTM_NEWNEIGH).putShort((short) 2).putInt(seq).putInt(0);
        b.put((byte) 10).put((byte) 0).putShort((short) 0).putInt(ifindex).putShort((short) state).put((byte) flags).put((byte) 1);
        b.putShort((short) (4 + dst.length)).putShort((short) 1).put(dst);
        b.putShort((short) 10).putShort((short) 2).put(new byte[] {0x52, 0x28, 0x5c, (byte) 0xc4, 0x6f, (byte) 0xfc, 0, 0});
        assertEquals(start + len, b.position());
    }

    private static void done(ByteBuffer b, int seq) {
        b.putInt(20).putShort((short) 3).putShort((short) 2).putInt(seq).putInt(0).putInt(0);
    }

    @Test
    void decodesEntriesUntilDone() throws Exception {
        byte[] ll = InetAddress.getByName("fe80::5028:5cff:fec4:6ffc").getAddress();
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
        neigh(b, SEQ, 2, NeighbourTable.NUD_STALE, NeighbourTable.NTF_ROUTER, ll);
        neigh(b, SEQ + 1, 3, NeighbourTable.NUD_REACHABLE, 0, ll); // another request's reply: skipped
        neigh(b, SEQ, 2, NeighbourTable.NUD_FAILED, 0, ll);
        b.flip();
        List<NeighbourTable.Neighbour> out = new ArrayList<>();
        assertFalse(NeighbourTable.parse(b, SEQ, out));
        assertEquals(2, out.size());
        NeighbourTable.Neighbour n = out.get(0);
        assertEquals(2, n.ifindex());
        assertArrayEquals(ll, n.address());
        assertTrue(n.router());
        assertTrue(n.usable());
        assertFalse(out.get(1).usable(), "FAILED has no link-layer address");

        ByteBuffer d = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        done(d, SEQ);
        d.flip();
        assertTrue(NeighbourTable.parse(d, SEQ, out));
    }

    @Test
    void refusesATruncatedMessage() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        b.putInt(200).putShort((short) NeighbourTable.RTM_NEWNEIGH).putShort((short) 2).putInt(SEQ).putInt(0);
        b.flip();
        assertThrows(IOException.class, () -> NeighbourTable.parse(b, SEQ, new ArrayList<>()));
    }

    @Test
    void requestIsAnIpv6Dump() {
        ByteBuffer r = NeighbourTable.request(10, SEQ);
        assertEquals(28, r.getInt(0));
        assertEquals(NeighbourTable.RTM_GETNEIGH, r.getShort(4));
        assertEquals(0x301, r.getShort(6));
        assertEquals(10, r.get(16));
    }

    @Test
    void dumpsTheLiveTable() throws Exception {
        // Any namespace answers a dump (possibly empty); every entry names an interface.
        for (NeighbourTable.Neighbour n : NeighbourTable.dump()) {
            assertTrue(n.ifindex() > 0, n.toString());
        }
    }
}
