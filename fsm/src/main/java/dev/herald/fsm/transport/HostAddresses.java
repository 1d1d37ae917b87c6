package dev.herald.fsm.transport;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * This network namespace's interface addresses, read when a connect has failed (rare, so read
 * each time: an address added since is seen). An interface that is down keeps its addresses in
 * the list, so a peer behind a link that went down still counts as on a connected subnet.
 */
final class HostAddresses implements ConnectHint.Host {
    static final HostAddresses SYSTEM = new HostAddresses();

    private HostAddresses() {
    }

    @Override
    public boolean isLocal(InetAddress a) {
        return addresses().stream().anyMatch(ia -> ia.getAddress().equals(a));
    }

    @Override
    public boolean onConnectedSubnet(InetAddress a) {
        return addresses().stream().anyMatch(ia -> sameSubnet(ia.getAddress(), a, ia.getNetworkPrefixLength()));
    }

    /** Whether a and b agree in their first {@code bits} bits (and are of one family). */
    static boolean sameSubnet(InetAddress a, InetAddress b, int bits) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length || bits < 0 || bits > x.length * 8) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((x[i / 8] & mask) != (y[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static List<InterfaceAddress> addresses() {
        List<InterfaceAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.addAll(n.getInterfaceAddresses());
            }
        } catch (SocketException e) {
            // No list, no hint: the reason alone is still true.
        }
        return out;
    }
}
