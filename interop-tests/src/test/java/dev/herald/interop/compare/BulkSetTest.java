package dev.herald.interop.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkSetTest {
    @Test
    void prefixesCountUpFromTheirBases() {
        assertEquals("100.64.0.0/32", BulkSet.v4(0));
        assertEquals("100.64.1.2/32", BulkSet.v4(258));
        assertEquals("2001:db8:0:0::/64", BulkSet.v6(0));
        assertEquals("2001:db8:1:ffff::/64", BulkSet.v6(0x1FFFF));
    }

    @Test
    void everyFormatHoldsTheWholeSet(@TempDir Path dir) throws IOException {
        BulkSet set = new BulkSet(3, 2);
        set.writeList(dir.resolve("list"));
        assertEquals(List.of("100.64.0.0/32", "100.64.0.1/32", "100.64.0.2/32", "2001:db8:0:0::/64", "2001:db8:0:1::/64"),
                Files.readAllLines(dir.resolve("list")));
        set.writeIpBatch(dir.resolve("batch"));
        assertEquals("route add blackhole 2001:db8:0:1::/64", Files.readAllLines(dir.resolve("batch")).get(4));
        set.writeBirdStatic(dir.resolve("s4"), dir.resolve("s6"));
        assertEquals("route 100.64.0.2/32 blackhole;", Files.readAllLines(dir.resolve("s4")).get(2));
        assertEquals(2, Files.readAllLines(dir.resolve("s6")).size());
    }

    /** RFC 6396 TABLE_DUMP_V2: the peer table, one RIB record per prefix, then the repeats. */
    @Test
    void mrtHasAPeerTableThenOneRibRecordPerPrefix(@TempDir Path dir) throws IOException {
        BulkSet set = new BulkSet(3, 2);
        Path f = dir.resolve("bulk.mrt");
        set.writeMrt(f, InetAddress.getByName("198.18.1.2"), InetAddress.getByName("fd00:18:1::2"), 1);
        List<Integer> subtypes = new ArrayList<>();
        byte[] lastV6 = null;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(f))) {
            while (in.available() > 0) {
                in.readInt();
                assertEquals(13, in.readUnsignedShort());
                int subtype = in.readUnsignedShort();
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                subtypes.add(subtype);
                if (subtype == 4) {
                    assertEquals(64, body[4]);
                    lastV6 = java.util.Arrays.copyOfRange(body, 5, 13);
                    // entry count 1, peer 0, time, then ORIGIN, AS_PATH and the abbreviated MP_REACH_NLRI (length 17: 16 + the next hop).
                    assertEquals(17, body[13 + 2 + 2 + 4 + 2 + 4 + 3 + 2]);
                }
            }
        }
        assertEquals(List.of(1, 2, 2, 2, 4, 4, 2), subtypes);
        assertArrayEquals(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 1}, lastV6);
    }
}
