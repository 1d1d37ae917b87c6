package dev.herald.interop.compare;

import dev.herald.interop.lab.Router;
import java.net.InetAddress;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FRR as the receiver: {@code bgp no-rib} (bgpd keeps what it receives, zebra and the kernel get
 * none of it), a deny-all route-map out (like BIRD's {@code export none}), {@code neighbor X shutdown} and back, polled with {@code show bgp summary json}
 * (per neighbour and family {@code state} and {@code pfxRcd}; {@code ribCount} per family).
 */
final class FrrReceiver implements Receiver {
    private static final Pattern PFX_RCD = Pattern.compile("\"pfxRcd\"\\s*:\\s*(\\d+)");
    private static final Pattern ESTABLISHED = Pattern.compile("\"state\"\\s*:\\s*\"Established\"");
    private static final Pattern RIB_COUNT = Pattern.compile("\"ribCount\"\\s*:\\s*(\\d+)");
    private final Router frr;
    private final List<InetAddress> senders;

    FrrReceiver(Router frr, List<InetAddress> senders) {
        this.frr = frr;
        this.senders = List.copyOf(senders);
        // Nothing back to the sender either: FRR would announce every route it receives to the
        // sender it came from (eBGP has no split horizon) and the sender would drop them (AS loop).
        StringBuilder c = new StringBuilder("conf t\nbgp no-rib\nroute-map NOTHING deny 10\nexit\nrouter bgp 65001");
        for (String af : List.of("ipv4", "ipv6")) {
            c.append("\naddress-family ").append(af).append(" unicast");
            for (InetAddress a : senders) {
                c.append("\nneighbor ").append(a.getHostAddress()).append(" route-map NOTHING out");
            }
            c.append("\nexit-address-family");
        }
        frr.cli(c.toString()).check();
    }

    @Override
    public String label() {
        return frr.version();
    }

    @Override
    public Router router() {
        return frr;
    }

    @Override
    public void enable(boolean on) {
        StringBuilder c = new StringBuilder("conf t\nrouter bgp 65001");
        for (InetAddress a : senders) {
            c.append('\n').append(on ? "no " : "").append("neighbor ").append(a.getHostAddress()).append(" shutdown");
        }
        frr.cli(c.toString()).check();
    }

    private String summary() {
        return frr.cli("show bgp summary json").check().stdout();
    }

    /** Each neighbour shows once per family: Established counts per family, halved. */
    @Override
    public Status status() {
        String text = summary();
        Matcher e = ESTABLISHED.matcher(text);
        int n = 0;
        while (e.find()) {
            n++;
        }
        return new Status(n / 2, senders.size(), sum(PFX_RCD, text));
    }

    @Override
    public long held() {
        return sum(RIB_COUNT, summary());
    }

    private static long sum(Pattern p, String text) {
        Matcher m = p.matcher(text);
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }
}
