package dev.herald.interop.lab;

/**
 * A namespace that drops every packet in and out, IPv4 and IPv6, with its processes still
 * running: what a frozen host looks like to its neighbours (no FIN, no RST, no BFD AdminDown).
 * The rules live in the namespace's own iptables tables and go with {@link #close}.
 */
public final class Silence implements AutoCloseable {
    private final Netns ns;
    private boolean on;
    private long calledAt;
    private long since;

    private Silence(Netns ns) {
        this.ns = ns;
    }

    /**
     * Drops everything in {@code ns} from now on. IPv4 OUTPUT goes first: the neighbours' view of the
     * host (its BFD and BGP packets over IPv4) ends with that rule, whose moment {@link #since} holds.
     */
    public static Silence of(Netns ns) {
        Silence s = new Silence(ns);
        for (String tool : new String[] {"iptables", "ip6tables"}) {
            for (String chain : new String[] {"OUTPUT", "INPUT"}) {
                boolean first = tool.equals("iptables") && chain.equals("OUTPUT");
                if (first) {
                    s.calledAt = System.nanoTime();
                }
                Exec.check(ns.wrap(java.util.List.of(tool, "-w", "-I", chain, "-j", "DROP")));
                if (first) {
                    s.since = System.nanoTime();
                }
            }
        }
        s.on = true;
        return s;
    }

    /**
     * {@link System#nanoTime} once the IPv4 OUTPUT rule was in place (its command returned): the
     * host has sent nothing over IPv4 since. The rule took effect at most {@link #uncertaintyMs}
     * earlier, so times measured from here are short by at most that.
     */
    public long since() {
        return since;
    }

    /** How long the IPv4 OUTPUT rule's command ran: {@link #since}'s uncertainty. */
    public long uncertaintyMs() {
        return (since - calledAt) / 1_000_000;
    }

    @Override
    public void close() {
        if (!on) {
            return;
        }
        on = false;
        for (String tool : new String[] {"iptables", "ip6tables"}) {
            for (String chain : new String[] {"INPUT", "OUTPUT"}) {
                Exec.run(ns.wrap(java.util.List.of(tool, "-w", "-D", chain, "-j", "DROP")));
            }
        }
    }
}
