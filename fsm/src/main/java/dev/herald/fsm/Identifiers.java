package dev.herald.fsm;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** BGP Identifiers are carried as int in the codec; these convert and compare them unsigned. */
public final class Identifiers {
    private Identifiers() {
    }

    public static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    public static Inet4Address toAddress(int id) {
        byte[] b = {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always a valid address", e);
        }
    }

    public static String toText(int id) {
        return (id >>> 24) + "." + (id >>> 16 & 0xFF) + "." + (id >>> 8 & 0xFF) + "." + (id & 0xFF);
    }
}
