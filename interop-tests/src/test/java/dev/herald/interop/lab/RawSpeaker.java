package dev.herald.interop.lab;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A BGP speaker made of a plain socket and hand-written bytes, for sending herald what no real
 * router would. Frames are read by their header alone (nothing here trusts herald's codec); a
 * NOTIFICATION is split into code, subcode and data by hand.
 */
public final class RawSpeaker implements AutoCloseable {
    public static final int OPEN = 1;
    public static final int UPDATE = 2;
    public static final int NOTIFICATION = 3;
    public static final int KEEPALIVE = 4;
    private static final HexFormat HEX = HexFormat.of();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** A NOTIFICATION as received: data in lower-case hex. */
    public record Notification(int code, int subcode, String data) {
        @Override
        public String toString() {
            return code + "/" + subcode + (data.isEmpty() ? "" : " data=" + data);
        }
    }

    private RawSpeaker(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code from} to {@code to} inside {@code ns}. */
    public static RawSpeaker connect(Netns ns, InetSocketAddress from, InetSocketAddress to) throws IOException {
        return new RawSpeaker(NetnsSocket.connect(ns, from, to));
    }

    /** Hex with spaces and '|' ignored. */
    public static byte[] hex(String s) {
        return HEX.parseHex(s.replaceAll("[\\s|]", ""));
    }

    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** A whole message: all-ones marker, length from the body, type, body (hex). */
    public static byte[] message(int type, String bodyHex) {
        byte[] body = hex(bodyHex);
        byte[] m = new byte[19 + body.length];
        Arrays.fill(m, 0, 16, (byte) 0xFF);
        m[16] = (byte) (m.length >>> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    /** An UPDATE from its withdrawn routes, path attributes and NLRI (hex), lengths computed. */
    public static byte[] update(String withdrawnHex, String attributesHex, String nlriHex) {
        byte[] w = hex(withdrawnHex);
        byte[] a = hex(attributesHex);
        return message(UPDATE, "%04x%s%04x%s%s".formatted(w.length, hex(w), a.length, hex(a), nlriHex));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next whole message, header included; EOFException when herald closed. */
    public byte[] read() throws IOException {
        byte[] header = new byte[19];
        in.readFully(header);
        int length = (header[16] & 0xFF) << 8 | (header[17] & 0xFF);
        if (length < 19) {
            throw new IOException("herald sent a message of length " + length);
        }
        byte[] all = Arrays.copyOf(header, length);
        in.readFully(all, 19, length - 19);
        return all;
    }

    /** Reads messages until one of {@code type}; fails on a NOTIFICATION when another type is wanted. */
    public byte[] readUntil(int type) throws IOException {
        while (true) {
            byte[] m = read();
            if (m[18] == type) {
                return m;
            }
            if (m[18] == NOTIFICATION) {
                throw new AssertionError("herald sent NOTIFICATION " + notification(m) + " while " + type + " was awaited");
            }
        }
    }

    /** Reads until herald's NOTIFICATION, skipping KEEPALIVEs and UPDATEs. */
    public Notification readNotification() throws IOException {
        return notification(readUntil(NOTIFICATION));
    }

    private static Notification notification(byte[] m) {
        return new Notification(m[19] & 0xFF, m[20] & 0xFF, hex(Arrays.copyOfRange(m, 21, m.length)));
    }

    /** True when herald closes the connection with nothing more to read. */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Whether herald closed; reads what is left until the end of the stream. */
    public boolean drainUntilClosed() throws IOException {
        try {
            while (true) {
                read();
            }
        } catch (EOFException | SocketException closed) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
