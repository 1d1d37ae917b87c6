package dev.herald.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal libpcap file writer (Ethernet, IPv4, TCP) so that Wireshark's dissector can read
 * herald's bytes as if they had been sent from port 40000 to port 179. One TCP segment per call,
 * sequence numbers consecutive so that stream reassembly sees a clean byte stream. The TCP
 * checksum is left zero: tshark does not verify it unless asked.
 */
final class PcapWriter {
    private static final int LINKTYPE_ETHERNET = 1;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int seq = 1000;
    private int packets;

    PcapWriter() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LINKTYPE_ETHERNET);
        out.writeBytes(h.array());
    }

    void segment(byte[] payload) {
        int ipLength = 20 + 20 + payload.length;
        ByteBuffer f = ByteBuffer.allocate(14 + ipLength).order(ByteOrder.BIG_ENDIAN);
        f.put(new byte[] {2, 0, 0, 0, 0, 2}).put(new byte[] {2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        int ip = f.position();
        f.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) packets).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0)
                .put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        f.putShort(ip + 10, (short) ipChecksum(f.array(), ip));
        f.putShort((short) 40000).putShort((short) 179).putInt(seq).putInt(1)
                .put((byte) 0x50).put((byte) 0x18).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        f.put(payload);
        seq += payload.length;
        ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        rec.putInt(1_700_000_000 + packets).putInt(0).putInt(f.capacity()).putInt(f.capacity());
        out.writeBytes(rec.array());
        out.writeBytes(f.array());
        packets++;
    }

    private static int ipChecksum(byte[] b, int from) {
        int sum = 0;
        for (int i = from; i < from + 20; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    void writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, out.toByteArray());
    }
}
