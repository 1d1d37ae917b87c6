package dev.herald.interop.lab;

import java.net.InetAddress;

/**
 * A second speaker namespace on a lab link, for tests where two speakers (two heralds, two
 * processes) peer with the link's one router: a namespace of its own, {@code hl-PID-N-b}, joined
 * to the router's namespace by a veth pair of its own, numbered (IPv4 only)
 * <pre>
 *   router  198.19.N.1/24  (namespace hl-PID-N-r, interface veth1)
 *   speaker 198.19.N.2/24  (namespace hl-PID-N-b, interface veth0)
 * </pre>
 * 198.19.0.0/16 is the other half of the benchmarking range the link's own 198.18.N.0/24 comes from.
 * {@link #create} registers it with the link, which deletes the namespace (and the veth pair with
 * it) when it closes.
 */
public final class SecondSpeaker implements AutoCloseable {
    /** The router side's interface: the link's own is {@link LabLink#IFNAME}. */
    public static final String ROUTER_IFNAME = "veth1";

    private final Netns ns;
    private final int octet;

    private SecondSpeaker(Netns ns, int octet) {
        this.ns = ns;
        this.octet = octet;
    }

    public static SecondSpeaker create(LabLink link) {
        Netns ns = Netns.create(link.name() + "-b");
        SecondSpeaker s = new SecondSpeaker(ns, link.octet());
        try {
            ns.ip("link", "add", LabLink.IFNAME, "type", "veth", "peer", "name", ROUTER_IFNAME, "netns", link.routerNs().name());
            ns.ip("addr", "add", s.speakerV4().getHostAddress() + "/24", "dev", LabLink.IFNAME);
            ns.ip("link", "set", LabLink.IFNAME, "up");
            link.routerNs().ip("addr", "add", s.routerV4().getHostAddress() + "/24", "dev", ROUTER_IFNAME);
            link.routerNs().ip("link", "set", ROUTER_IFNAME, "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        System.err.println("[lab] second speaker on " + link + ": " + link.routerNs() + " " + s.routerV4().getHostAddress()
                + " <-> " + ns + " " + s.speakerV4().getHostAddress());
        return link.own(s);
    }

    public Netns ns() {
        return ns;
    }

    public InetAddress routerV4() {
        return IpPrefix.address("198.19." + octet + ".1");
    }

    public InetAddress speakerV4() {
        return IpPrefix.address("198.19." + octet + ".2");
    }

    @Override
    public void close() {
        ns.close();
    }

    @Override
    public String toString() {
        return ns.name();
    }
}
