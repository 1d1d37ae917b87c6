package dev.herald.interop.compare;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes IPv4 prefixes as an MRT TABLE_DUMP_V2 file (RFC 6396): a PEER_INDEX_TABLE with one peer,
 * then one RIB_IPV4_UNICAST record per prefix with ORIGIN IGP, an empty AS_PATH and NEXT_HOP.
 * It is what {@code gobgp mrt inject global} reads: the fast way to load GoBGP's RIB.
 *
 * <p>gobgp 3.36's {@code mrt inject} exits as soon as it has written its stream, and gobgpd drops
 * what it had not read yet (up to a flow-control window, hundreds of routes here). So the file ends
 * with {@link #PADDING} copies of the first prefix's record, which change nothing when re-added, and
 * the caller checks the count and injects what is missing again.
 */
final class MrtWriter {
    private static final int TABLE_DUMP_V2 = 13;
    private static final int PEER_INDEX_TABLE = 1;
    private static final int RIB_IPV4_UNICAST = 2;
    static final int PADDING = 5000;

    private MrtWriter() {
    }

    /** Writes {@code prefixes} (as {@code A.B.C.D/LEN}) with {@code nextHop} from peer {@code peer}, AS {@code peerAs}. */
    static void write(Path file, List<String> prefixes, Inet4Address peer, long peerAs, Inet4Address nextHop) throws IOException {
        int now = (int) (System.currentTimeMillis() / 1000);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            // PEER_INDEX_TABLE: collector id, empty view name, one peer (type 2: IPv4 address, 4-byte AS).
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(b);
            d.write(peer.getAddress());
            d.writeShort(0);
            d.writeShort(1);
            d.writeByte(2);
            d.write(peer.getAddress());
            d.write(peer.getAddress());
            d.writeInt((int) peerAs);
            record(out, now, PEER_INDEX_TABLE, b.toByteArray());
            byte[] attrs = {
                0x40, 1, 1, 0, // ORIGIN IGP
                0x40, 2, 0, // AS_PATH, empty
                0x40, 3, 4, 0, 0, 0, 0, // NEXT_HOP, filled below
            };
            System.arraycopy(nextHop.getAddress(), 0, attrs, 10, 4);
            int seq = 0;
            List<String> all = new java.util.ArrayList<>(prefixes);
            all.addAll(java.util.Collections.nCopies(PADDING, prefixes.getFirst()));
            for (String p : all) {
                int slash = p.indexOf('/');
                byte[] addr = Inet4Address.getByName(p.substring(0, slash)).getAddress();
                int len = Integer.parseInt(p.substring(slash + 1));
                b.reset();
                d.writeInt(seq++);
                d.writeByte(len);
                d.write(addr, 0, (len + 7) / 8);
                d.writeShort(1);
                d.writeShort(0); // peer index
                d.writeInt(now);
                d.writeShort(attrs.length);
                d.write(attrs);
                record(out, now, RIB_IPV4_UNICAST, b.toByteArray());
            }
        }
    }

    private static void record(OutputStream os, int time, int subtype, byte[] body) throws IOException {
        DataOutputStream out = new DataOutputStream(os);
        out.writeInt(time);
        out.writeShort(TABLE_DUMP_V2);
        out.writeShort(subtype);
        out.writeInt(body.length);
        out.write(body);
    }
}
