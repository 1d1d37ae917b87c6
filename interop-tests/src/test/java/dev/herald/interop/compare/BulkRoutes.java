package dev.herald.interop.compare;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bulk route set of issue 10, the same for every sender: {@code v4} IPv4 /32s counted up from
 * 100.64.0.0 and {@code v6} IPv6 /64s 2001:db8:H:L::/64 (defaults 1,000,000 and 250,000;
 * {@code -Dherald.bench.v4=N -Dherald.bench.v6=N} scale it down for a quick try). Written in each
 * sender's own input form: herald's prefix file, BIRD static routes, an MRT table dump for
 * {@code gobgp mrt inject}, and {@code ip -batch} lines for the kernel table FRR redistributes.
 */
record BulkRoutes(int v4, int v6) {
    /** Records repeated at the end of the MRT file, see {@link #writeMrt}. */
    static final int MRT_TAIL = 50_000;

    static BulkRoutes fromProperties() {
        return new BulkRoutes(Integer.getInteger("herald.bench.v4", 1_000_000), Integer.getInteger("herald.bench.v6", 250_000));
    }

    long total() {
        return (long) v4 + v6;
    }

    String v4Prefix(int i) {
        int a = (100 << 24) | (64 << 16) | i;
        return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255) + "/32";
    }

    String v6Prefix(int i) {
        return "2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xFFFF) + "::/64";
    }

    /** herald's static source file: one prefix a line. */
    void writePrefixFile(Path f) {
        lines(f, "", "\n");
    }

    /** BIRD: {@code route P blackhole;} lines, IPv4 then IPv6 (for two static protocols). */
    void writeBirdStatic(Path v4File, Path v6File) {
        try (BufferedWriter w4 = Files.newBufferedWriter(v4File); BufferedWriter w6 = Files.newBufferedWriter(v6File)) {
            for (int i = 0; i < v4; i++) {
                w4.write("route " + v4Prefix(i) + " blackhole;\n");
            }
            for (int i = 0; i < v6; i++) {
                w6.write("route " + v6Prefix(i) + " blackhole;\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ip -batch}: blackhole routes (proto 84, metric 100) in the main table, where FRR's zebra reads them. */
    void writeIpBatch(Path f) {
        lines(f, "route add blackhole ", " proto 84 metric 100\n");
    }

    private void lines(Path f, String before, String after) {
        try (Writer w = Files.newBufferedWriter(f)) {
            for (int i = 0; i < v4; i++) {
                w.write(before + v4Prefix(i) + after);
            }
            for (int i = 0; i < v6; i++) {
                w.write(before + v6Prefix(i) + after);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An MRT TABLE_DUMP_V2 file (RFC 6396): a PEER_INDEX_TABLE with one peer, then one
     * RIB_IPV4_UNICAST or RIB_IPV6_UNICAST record per prefix with one entry: ORIGIN IGP, an empty
     * AS_PATH, NEXT_HOP (IPv4) or MP_REACH_NLRI with only the next hop (IPv6, RFC 6396's abbreviated form,
     * which GoBGP 3.36 expects).
     */
    void writeMrt(Path f, InetAddress nextHop4, InetAddress nextHop6) {
        int now = (int) (System.currentTimeMillis() / 1000);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(f), 1 << 20)) {
            DataOutputStream out = new DataOutputStream(o);
            byte[] nh4 = nextHop4.getAddress();
            byte[] nh6 = nextHop6.getAddress();
            // PEER_INDEX_TABLE: collector id, empty view name, 1 peer (IPv4 address, 4-byte AS).
            header(out, now, 1, 4 + 2 + 2 + 1 + 4 + 4 + 4);
            out.write(nh4);
            out.writeShort(0);
            out.writeShort(1);
            out.writeByte(0x02);
            out.write(nh4);
            out.write(nh4);
            out.writeInt(65010);
            byte[] attrs4 = {0x40, 1, 1, 0, 0x40, 2, 0, 0x40, 3, 4, nh4[0], nh4[1], nh4[2], nh4[3]};
            // ORIGIN, AS_PATH, then MP_REACH_NLRI abbreviated as RFC 6396 4.3.4 has it: next hop length 16, next hop.
            byte[] head6 = {0x40, 1, 1, 0, 0x40, 2, 0, (byte) 0x80, 14, 17, 16};
            byte[] attrs6 = new byte[head6.length + 16];
            System.arraycopy(head6, 0, attrs6, 0, head6.length);
            System.arraycopy(nh6, 0, attrs6, head6.length, 16);
            int seq = 0;
            for (int i = 0; i < v4; i++) {
                int a = (100 << 24) | (64 << 16) | i;
                rib(out, now, 2, seq++, 32, new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}, attrs4);
            }
            for (int i = 0; i < v6; i++) {
                rib(out, now, 4, seq++, 64, new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i},
                        attrs6);
            }
            // gobgp mrt inject exits without closing its gRPC stream, so the last records in flight
            // are lost (a few hundred in a try): end with a repeat of the first IPv4 records, which
            // change nothing when they arrive and lose nothing when they do not.
            for (int i = 0; i < Math.min(v4, MRT_TAIL); i++) {
                int a = (100 << 24) | (64 << 16) | i;
                rib(out, now, 2, seq++, 32, new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}, attrs4);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void header(DataOutputStream out, int time, int subtype, int length) throws IOException {
        out.writeInt(time);
        out.writeShort(13); // TABLE_DUMP_V2
        out.writeShort(subtype);
        out.writeInt(length);
    }

    private static void rib(DataOutputStream out, int time, int subtype, int seq, int bits, byte[] prefix, byte[] attrs)
            throws IOException {
        header(out, time, subtype, 4 + 1 + prefix.length + 2 + 2 + 4 + 2 + attrs.length);
        out.writeInt(seq);
        out.writeByte(bits);
        out.write(prefix);
        out.writeShort(1); // one entry
        out.writeShort(0); // peer index
        out.writeInt(time);
        out.writeShort(attrs.length);
        out.write(attrs);
    }
}
