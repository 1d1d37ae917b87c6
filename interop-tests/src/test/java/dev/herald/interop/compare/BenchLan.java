package dev.herald.interop.compare;

import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabException;
import dev.herald.interop.lab.Netns;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One LAN for the side-by-side benchmarks: a sender namespace {@code hl-PID-N-s} with a bridge
 * {@code br0} (198.18.N.2/24, fd00:18:N::2/64) and receiver namespaces {@code hl-PID-N-rI}, each
 * joined to the bridge by a veth pair. Every sender and receiver shares one subnet, so one next
 * hop (198.18.N.2, fd00:18:N::2) is valid at every receiver whichever sender runs: the senders
 * differ in how they pick next hops, the receivers must not see a difference.
 * Receiver I's addresses are 198.18.N.(10*I+J) for session J (J from 1), the sender's for session
 * J 198.18.N.(200+J) (J > 1; session 1 uses .2). Everything started is registered with {@link #own}
 * and stopped, newest first, before the namespaces are deleted.
 */
final class BenchLan implements AutoCloseable {
    static final String BRIDGE = "br0";
    private final String name;
    private final int octet;
    private final Path logDir;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private final List<Netns> receivers = new ArrayList<>();
    private Netns sender;
    private final Thread hook;

    private BenchLan(String label) {
        int index = Lab.nextIndex();
        this.name = Lab.RUN_PREFIX + index;
        this.octet = (index - 1) % 250 + 1;
        this.logDir = Lab.logRoot().resolve(name + "-" + label);
        this.hook = new Thread(this::close, "bench-lan-cleanup");
    }

    /** The sender namespace with its bridge and {@code receivers} receiver namespaces of {@code sessions} address pairs each. */
    static BenchLan create(String label, int receivers, int sessions) {
        return create(label, receivers, sessions, sessions);
    }

    /**
     * Like {@link #create(String, int, int)} with {@code senderAddresses} addresses on the sender
     * (at most 54: .2, .202 to .254) and {@code receiverAddresses} on each receiver (receiver 1: up
     * to 244): more sessions than the sender has addresses share its first one, told apart by the
     * receivers' addresses.
     */
    static BenchLan create(String label, int receivers, int senderAddresses, int receiverAddresses) {
        BenchLan lan = new BenchLan(label);
        Runtime.getRuntime().addShutdownHook(lan.hook);
        try {
            Files.createDirectories(lan.logDir);
            lan.sender = Netns.create(lan.name + "-s");
            lan.sender.ip("link", "add", BRIDGE, "type", "bridge");
            lan.sender.ip("addr", "add", lan.senderV4(1).getHostAddress() + "/24", "dev", BRIDGE);
            lan.sender.ip("-6", "addr", "add", IpPrefix.format(lan.senderV6()) + "/64", "dev", BRIDGE, "nodad");
            for (int j = 2; j <= senderAddresses; j++) {
                lan.sender.ip("addr", "add", lan.senderV4(j).getHostAddress() + "/24", "dev", BRIDGE);
            }
            lan.sender.ip("link", "set", BRIDGE, "up");
            for (int i = 1; i <= receivers; i++) {
                Netns r = Netns.create(lan.name + "-r" + i);
                lan.receivers.add(r);
                String leg = "v" + i;
                lan.sender.ip("link", "add", leg, "type", "veth", "peer", "name", "veth0", "netns", r.name());
                lan.sender.ip("link", "set", leg, "master", BRIDGE);
                lan.sender.ip("link", "set", leg, "up");
                for (int j = 1; j <= receiverAddresses; j++) {
                    r.ip("addr", "add", lan.receiverV4(i, j).getHostAddress() + "/24", "dev", "veth0");
                }
                r.ip("-6", "addr", "add", IpPrefix.format(lan.receiverV6(i)) + "/64", "dev", "veth0", "nodad");
                r.ip("link", "set", "veth0", "up");
            }
            System.err.println("[bench] LAN " + lan.name + ": sender " + lan.sender + " 198.18." + lan.octet + ".2 / "
                    + IpPrefix.format(lan.senderV6()) + ", " + receivers + " receiver namespace(s); logs in " + lan.logDir);
            return lan;
        } catch (IOException | RuntimeException e) {
            lan.close();
            if (e instanceof IOException io) {
                throw new LabException("cannot create bench LAN " + lan.name, io);
            }
            throw (RuntimeException) e;
        }
    }

    Netns senderNs() {
        return sender;
    }

    Netns receiverNs(int i) {
        return receivers.get(i - 1);
    }

    Path logDir() {
        return logDir;
    }

    /** The sender's address on session {@code j} (1: 198.18.N.2, the shared IPv4 next hop). */
    InetAddress senderV4(int j) {
        return IpPrefix.address("198.18." + octet + "." + (j == 1 ? 2 : 200 + j));
    }

    /** The sender's IPv6 address, the shared IPv6 next hop. */
    InetAddress senderV6() {
        return IpPrefix.address("fd00:18:" + octet + "::2");
    }

    InetAddress receiverV4(int i, int j) {
        return IpPrefix.address("198.18." + octet + "." + (10 * i + j));
    }

    InetAddress receiverV6(int i) {
        return IpPrefix.address("fd00:18:" + octet + "::" + (10 + i));
    }

    <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!owned.isEmpty()) {
            AutoCloseable c = owned.pop();
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("[bench] closing " + c + " failed: " + e);
            }
        }
        for (Netns r : receivers) {
            r.close();
        }
        receivers.clear();
        if (sender != null) {
            sender.close();
            sender = null;
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down already
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
