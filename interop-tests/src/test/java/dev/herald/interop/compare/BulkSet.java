package dev.herald.interop.compare;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's route set, the same for every sender: {@code v4} IPv4 host routes counted up
 * from 100.64.0.0/32 and {@code v6} IPv6 /64s {@code 2001:db8:X:Y::/64}, written in each sender's
 * own input format. Default 1,000,000 + 250,000 ({@code -Dherald.bench.v4=N -Dherald.bench.v6=N}).
 */
record BulkSet(int v4, int v6) {
    static BulkSet fromProperties() {
        return new BulkSet(Integer.getInteger("herald.bench.v4", 1_000_000), Integer.getInteger("herald.bench.v6", 250_000));
    }

    int total() {
        return v4 + v6;
    }

    String label() {
        return String.format(java.util.Locale.ROOT, "%,d IPv4 + %,d IPv6", v4, v6);
    }

    static String v4(int i) {
        int a = (100 << 24) | (64 << 16) | i;
        return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255) + "/32";
    }

    static String v6(int i) {
        return "2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xFFFF) + "::/64";
    }

    /** herald's static prefix file: one prefix a line. */
    void writeList(Path f) {
        lines(f, "", "");
    }

    /** BIRD: {@code route P blackhole;} lines for a static protocol, IPv4 and IPv6 in two files. */
    void writeBirdStatic(Path f4, Path f6) {
        write(f4, w -> {
            for (int i = 0; i < v4; i++) {
                w.write("route " + v4(i) + " blackhole;\n");
            }
        });
        write(f6, w -> {
            for (int i = 0; i < v6; i++) {
                w.write("route " + v6(i) + " blackhole;\n");
            }
        });
    }

    /** {@code ip -batch} input adding every prefix as a blackhole route of the main table (FRR {@code redistribute kernel}). */
    void writeIpBatch(Path f) {
        lines(f, "route add blackhole ", "");
    }

    private void lines(Path f, String before, String after) {
        write(f, w -> {
            for (int i = 0; i < v4; i++) {
                w.write(before + v4(i) + after + "\n");
            }
            for (int i = 0; i < v6; i++) {
                w.write(before + v6(i) + after + "\n");
            }
        });
    }

    /**
     * An MRT TABLE_DUMP_V2 file (RFC 6396) for {@code gobgp mrt inject global}: one peer, one entry
     * per prefix with ORIGIN IGP, an empty AS_PATH and the next hop (NEXT_HOP for IPv4, the
     * abbreviated MP_REACH_NLRI of RFC 6396 4.3.4 for IPv6).
     */
    void writeMrt(Path f, InetAddress nextHop4, InetAddress nextHop6) {
        writeMrt(f, nextHop4, nextHop6, 0);
    }

    /** The same, followed by {@code repeats} more entries re-adding the first IPv4 prefixes. */
    void writeMrt(Path f, InetAddress nextHop4, InetAddress nextHop6, int repeats) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(f), 1 << 20))) {
            byte[] id = nextHop4.getAddress();
            // PEER_INDEX_TABLE: collector id, empty view name, one peer (IPv4 address, 4-byte AS).
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(b);
            d.write(id);
            d.writeShort(0);
            d.writeShort(1);
            d.writeByte(0x02);
            d.write(id);
            d.write(id);
            d.writeInt(65010);
            mrt(out, 1, b.toByteArray());
            byte[] v4Attrs = attrs(new byte[] {0x40, 3, 4}, nextHop4.getAddress());
            byte[] v6Attrs = attrs(new byte[] {(byte) 0x80, 14, 17, 16}, nextHop6.getAddress());
            for (int i = 0; i < v4; i++) {
                int a = (100 << 24) | (64 << 16) | i;
                rib(out, 2, i, 32, new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}, v4Attrs);
            }
            for (int i = 0; i < v6; i++) {
                rib(out, 4, v4 + i, 64, new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, (byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8),
                        (byte) i}, v6Attrs);
            }
            for (int i = 0; i < Math.min(repeats, v4); i++) {
                int a = (100 << 24) | (64 << 16) | i;
                rib(out, 2, v4 + v6 + i, 32, new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}, v4Attrs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ORIGIN IGP, AS_PATH empty, then the next-hop attribute (header given, value appended). */
    private static byte[] attrs(byte[] nextHopHeader, byte[] nextHop) {
        byte[] origin = {0x40, 1, 1, 0};
        byte[] asPath = {0x40, 2, 0};
        byte[] all = new byte[origin.length + asPath.length + nextHopHeader.length + nextHop.length];
        System.arraycopy(origin, 0, all, 0, origin.length);
        System.arraycopy(asPath, 0, all, origin.length, asPath.length);
        System.arraycopy(nextHopHeader, 0, all, origin.length + asPath.length, nextHopHeader.length);
        System.arraycopy(nextHop, 0, all, origin.length + asPath.length + nextHopHeader.length, nextHop.length);
        return all;
    }

    private static void rib(DataOutputStream out, int subtype, int seq, int len, byte[] prefix, byte[] attrs) throws IOException {
        int bytes = (len + 7) / 8;
        int size = 4 + 1 + bytes + 2 + 2 + 4 + 2 + attrs.length;
        header(out, subtype, size);
        out.writeInt(seq);
        out.writeByte(len);
        out.write(prefix, 0, bytes);
        out.writeShort(1);
        out.writeShort(0); // peer index
        out.writeInt(0); // originated time
        out.writeShort(attrs.length);
        out.write(attrs);
    }

    private static void mrt(DataOutputStream out, int subtype, byte[] body) throws IOException {
        header(out, subtype, body.length);
        out.write(body);
    }

    private static void header(DataOutputStream out, int subtype, int length) throws IOException {
        out.writeInt((int) (System.currentTimeMillis() / 1000));
        out.writeShort(13); // TABLE_DUMP_V2
        out.writeShort(subtype);
        out.writeInt(length);
    }

    private interface Body {
        void write(BufferedWriter w) throws IOException;
    }

    private static void write(Path f, Body body) {
        try {
            Files.createDirectories(f.toAbsolutePath().getParent());
            try (OutputStream os = Files.newOutputStream(f);
                 BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(os, java.nio.charset.StandardCharsets.US_ASCII), 1 << 20)) {
                body.write(w);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
