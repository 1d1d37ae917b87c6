package dev.herald.bgpd.unnumbered;

import dev.herald.bgpd.daemon.OffLoopTimer;
import dev.herald.fsm.transport.NeighbourFinder;
import dev.herald.sources.kernel.NeighbourTable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Unnumbered peering (ADR 0009): finds the BGP neighbour on an interface in the kernel's IPv6
 * neighbour table, and makes both ends visible to each other with neighbour discovery:
 * <ul>
 * <li>a router solicitation to ff02::2 while no neighbour is known: a BGP router on the link answers
 *     with a router advertisement, which puts it in the neighbour table at once;
 * <li>a router advertisement (router lifetime 0) to ff02::1 every {@link #INTERVAL_SECONDS} s:
 *     routers that learn their unnumbered neighbour from RAs (FRR) then know herald and connect or
 *     accept its connection.
 * </ul>
 * Sending needs CAP_NET_RAW; without it herald still finds neighbours that advertise themselves.
 * The messages go out off the event loops ({@link OffLoopTimer}): each round reads the interface
 * and the neighbour table from the kernel and sends on a raw socket, calls that may block.
 */
public final class LinkLocalNeighbours implements NeighbourFinder, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("unnumbered");
    /** The RA interval FRR uses on BGP unnumbered interfaces. */
    static final int INTERVAL_SECONDS = 10;
    static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static final byte[] ALL_ROUTERS = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};

    private final OffLoopTimer timer;
    private volatile Set<String> interfaces = Set.of();
    private final Map<String, String> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, String> lastProblem = new ConcurrentHashMap<>();
    private Icmp6Socket socket;
    private volatile boolean started;

    /** @param clock what times the rounds: one of the daemon's event loops */
    public LinkLocalNeighbours(ScheduledExecutorService clock) {
        this.timer = new OffLoopTimer(clock, "herald-nd");
    }

    /** Starts advertising on {@code names} (and soliciting there until a neighbour shows). */
    public synchronized void start(Set<String> names) {
        interfaces = Set.copyOf(names);
        if (started || names.isEmpty()) {
            return;
        }
        started = true;
        try {
            socket = new Icmp6Socket();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "interface peers: " + e.getMessage() + "; herald sends no router"
                    + " advertisements, so routers that learn unnumbered neighbours from them (FRR) will not see it;"
                    + " neighbours that advertise themselves are still found");
            return;
        }
        timer.every(Duration.ZERO, Duration.ofSeconds(INTERVAL_SECONDS), this::announceAll);
    }

    /** The interfaces of the interface peers after a reload. */
    public synchronized void interfaces(Set<String> names) {
        if (!started) {
            start(names);
        } else {
            interfaces = Set.copyOf(names);
            if (socket != null) {
                timer.now(this::announceAll);
            }
        }
    }

    private void announceAll() {
        for (String ifname : interfaces) {
            announce(ifname, neighbourQuietly(ifname).isEmpty());
        }
    }

    private void announce(String ifname, boolean solicit) {
        Icmp6Socket s = socket;
        if (s == null) {
            return;
        }
        try {
            NetworkInterface ni = NetworkInterface.getByName(ifname);
            if (ni == null || !ni.isUp()) {
                problem(ifname, "interface " + ifname + " is missing or down");
                return;
            }
            byte[] mac = ni.getHardwareAddress();
            s.send(NdMessages.routerAdvertisement(mac), ALL_NODES, ni.getIndex());
            if (solicit) {
                s.send(NdMessages.routerSolicitation(mac), ALL_ROUTERS, ni.getIndex());
            }
            lastProblem.remove(ifname);
        } catch (IOException | RuntimeException e) {
            problem(ifname, "neighbour discovery on " + ifname + ": " + e.getMessage());
        }
    }

    /** Logs a problem once until it changes. */
    private void problem(String ifname, String text) {
        if (!text.equals(lastProblem.put(ifname, text))) {
            LOG.log(System.Logger.Level.WARNING, text);
        }
    }

    @Override
    public Optional<Inet6Address> neighbour(String interfaceName) {
        Optional<Inet6Address> found = neighbourQuietly(interfaceName);
        if (found.isEmpty() && socket != null && started) {
            timer.now(() -> announce(interfaceName, true)); // ask now rather than at the next interval
        }
        return found;
    }

    private Optional<Inet6Address> neighbourQuietly(String ifname) {
        int index = NeighbourFinder.interfaceIndex(ifname);
        if (index == 0) {
            problem(ifname, "interface " + ifname + " does not exist");
            return Optional.empty();
        }
        try {
            Optional<byte[]> chosen = NeighbourChoice.choose(NeighbourTable.dump(), index);
            if (chosen.isEmpty()) {
                return Optional.empty();
            }
            Inet6Address a = Inet6Address.getByAddress(null, chosen.get(), index);
            String text = a.getHostAddress();
            if (!text.equals(lastSeen.put(ifname, text))) {
                LOG.log(System.Logger.Level.INFO, "neighbour on {0}: {1}", ifname, text);
            }
            return Optional.of(a);
        } catch (IOException | RuntimeException e) {
            problem(ifname, "cannot read the neighbour table for " + ifname + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A global (not link-local) IPv6 address of the interface: the global half of a 32-byte next hop. */
    public static Optional<Inet6Address> globalAddress(String ifname) {
        try {
            NetworkInterface ni = NetworkInterface.getByName(ifname);
            if (ni == null) {
                return Optional.empty();
            }
            return ni.inetAddresses().filter(a -> a instanceof Inet6Address && !a.isLinkLocalAddress()
                            && !a.isLoopbackAddress() && !a.isMulticastAddress())
                    .map(a -> toUnscoped((Inet6Address) a)).findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static Inet6Address toUnscoped(Inet6Address a) {
        try {
            return (Inet6Address) InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        timer.close(); // a round in flight ends first (up to a second), before the socket closes
        if (socket != null) {
            socket.close();
        }
    }
}
