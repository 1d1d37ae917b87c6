package dev.herald.interop.lab;

import dev.herald.bgpd.testkit.HeraldYaml;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Two network namespaces joined by a veth pair: the <em>speaker</em> side (herald, or a test
 * speaker) and the <em>router</em> side. Link N is numbered
 * <pre>
 *   router  198.18.N.1/24  fd00:18:N::1/64   (namespace hl-PID-N-r, interface veth0)
 *   speaker 198.18.N.2/24  fd00:18:N::2/64   (namespace hl-PID-N-s, interface veth0)
 * </pre>
 * IPv6 addresses are added with {@code nodad} so they are usable at once. Everything started
 * for the link is registered with {@link #own} and closed, newest first, before the
 * namespaces are deleted, also when a test fails.
 */
public final class LabLink implements AutoCloseable {
    public static final String IFNAME = "veth0";

    private final int index;
    private final String name;
    private final Path logDir;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    /** Links not closed yet: a shutdown hook closes them if the JVM is stopped mid-test (Ctrl-C, fork timeout). */
    private static final java.util.Set<LabLink> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (LabLink l : OPEN) {
                System.err.println("[lab] JVM exiting: cleaning up " + l);
                l.close();
            }
        }, "lab-cleanup"));
    }
    private Netns speakerNs;
    private Netns routerNs;

    private LabLink(int index, String label) {
        this.index = index;
        this.name = Lab.RUN_PREFIX + index;
        this.logDir = Lab.logRoot().resolve(name + "-" + label.replaceAll("[^A-Za-z0-9_.-]+", "_"));
    }

    /** Creates both namespaces and the veth pair; {@code label} names the log directory. */
    public static LabLink create(String label) {
        return create(label, false);
    }

    /**
     * An unnumbered link: the veth pair carries only the kernel's IPv6 link-local addresses, plus
     * {@link #speakerV6()} on the speaker side (the global half of its next hops); the router side
     * has no global address at all.
     */
    public static LabLink createUnnumbered(String label) {
        return create(label, true);
    }

    private static LabLink create(String label, boolean unnumbered) {
        LabLink link = new LabLink(Lab.nextIndex(), label);
        OPEN.add(link);
        try {
            Files.createDirectories(link.logDir);
            link.speakerNs = Netns.create(link.name + "-s");
            link.routerNs = Netns.create(link.name + "-r");
            link.speakerNs.ip("link", "add", IFNAME, "type", "veth", "peer", "name", IFNAME, "netns", link.routerNs.name());
            if (unnumbered) {
                link.speakerNs.ip("-6", "addr", "add", IpPrefix.format(link.speakerV6()) + "/64", "dev", IFNAME, "nodad");
                link.speakerNs.ip("link", "set", IFNAME, "up");
                link.routerNs.ip("link", "set", IFNAME, "up");
                System.err.println("[lab] unnumbered link " + link.name + ": " + link.routerNs + " <-> " + link.speakerNs
                        + " (" + IpPrefix.format(link.speakerV6()) + " on the speaker only); logs in " + link.logDir);
                return link;
            }
            link.configure(link.speakerNs, link.speakerV4(), link.speakerV6());
            link.configure(link.routerNs, link.routerV4(), link.routerV6());
            System.err.println("[lab] link " + link.name + ": " + link.routerNs + " " + link.routerV4().getHostAddress() + " / "
                    + IpPrefix.format(link.routerV6()) + " <-> " + link.speakerNs + " " + link.speakerV4().getHostAddress() + " / "
                    + IpPrefix.format(link.speakerV6()) + "; logs in " + link.logDir);
            return link;
        } catch (IOException | RuntimeException e) {
            link.close();
            if (e instanceof IOException io) {
                throw new LabException("cannot create lab link " + link.name, io);
            }
            throw (RuntimeException) e;
        }
    }

    private void configure(Netns ns, InetAddress v4, InetAddress v6) {
        ns.ip("addr", "add", v4.getHostAddress() + "/24", "dev", IFNAME);
        ns.ip("-6", "addr", "add", IpPrefix.format(v6) + "/64", "dev", IFNAME, "nodad");
        ns.ip("link", "set", IFNAME, "up");
    }

    public int index() {
        return index;
    }

    /** {@code hl-PID-N}, also used to name run directories. */
    public String name() {
        return name;
    }

    public Path logDir() {
        return logDir;
    }

    public Netns speakerNs() {
        return speakerNs;
    }

    public Netns routerNs() {
        return routerNs;
    }

    public int octet() {
        return (index - 1) % 250 + 1;
    }

    /** The router on this link as herald's peer {@code name}, AS 65001, herald's side as local-address. */
    public HeraldYaml.Peer heraldPeer(String name) {
        return HeraldYaml.Peer.of(name, routerV4(), 65001).localAddress(speakerV4());
    }

    /**
     * {@link #heraldPeer} for IPv4 and IPv6 unicast over the IPv4 session, herald's IPv6 next hop
     * its address on the link, hold time 9 s: the sources' lab tests' peer.
     */
    public HeraldYaml.Peer heraldDualStackPeer(String name) {
        return heraldPeer(name).families("ipv4-unicast", "ipv6-unicast").nextHopV6(speakerV6()).holdTime(9);
    }

    public InetAddress routerV4() {
        return IpPrefix.address("198.18." + octet() + ".1");
    }

    public InetAddress speakerV4() {
        return IpPrefix.address("198.18." + octet() + ".2");
    }

    public InetAddress routerV6() {
        return IpPrefix.address("fd00:18:" + octet() + "::1");
    }

    public InetAddress speakerV6() {
        return IpPrefix.address("fd00:18:" + octet() + "::2");
    }

    /** The kernel's IPv6 link-local address of the speaker side's interface (unnumbered links). */
    public InetAddress speakerLinkLocal() {
        return linkLocal(speakerNs);
    }

    /** The kernel's IPv6 link-local address of the router side's interface. */
    public InetAddress routerLinkLocal() {
        return linkLocal(routerNs);
    }

    /**
     * Waits until the kernel's link-local addresses on both sides passed duplicate address
     * detection (about a second after the link came up): a tentative address cannot be bound.
     */
    public void awaitLinkLocal() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Netns ns : List.of(speakerNs, routerNs)) {
            while (!ns.ip("-6", "-o", "addr", "show", "dev", IFNAME, "scope", "link", "tentative").stdout().isBlank()) {
                if (System.nanoTime() > deadline) {
                    throw new LabException("link-local address on " + ns + " still tentative after 10 s", null);
                }
                Lab.sleep(50);
            }
        }
    }

    private static InetAddress linkLocal(Netns ns) {
        String out = ns.ip("-6", "-o", "addr", "show", "dev", IFNAME, "scope", "link").stdout();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("inet6 (fe80:[0-9a-f:]+)/").matcher(out);
        if (!m.find()) {
            throw new LabException("no link-local address on " + ns + " " + IFNAME + ": " + out, null);
        }
        return IpPrefix.address(m.group(1));
    }

    /** The interface index of {@link #IFNAME} in the speaker's namespace (the scope of its link-local peers). */
    public int speakerIfindex() {
        return Integer.parseInt(speakerNs.exec("cat", "/sys/class/net/" + IFNAME + "/ifindex").stdout().trim());
    }

    /** Registers something to close (stop) with the link, before the namespaces go. */
    public <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        OPEN.remove(this);
        while (!owned.isEmpty()) {
            AutoCloseable c = owned.pop();
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("[lab] closing " + c + " failed: " + e);
            }
        }
        if (routerNs != null) {
            routerNs.close();
        }
        if (speakerNs != null) {
            speakerNs.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
