package dev.herald.interop.lab;

/**
 * A namespace that drops every packet in and out, IPv4 and IPv6, with its processes still
 * running: what a frozen host looks like to its neighbours (no FIN, no RST, no BFD AdminDown).
 * The rules live in the namespace's own iptables tables and go with {@link #close}.
 */
public final class Silence implements AutoCloseable {
    private final Netns ns;
    private boolean on;

    private Silence(Netns ns) {
        this.ns = ns;
    }

    /** Drops everything in {@code ns} from now on. */
    public static Silence of(Netns ns) {
        Silence s = new Silence(ns);
        for (String tool : new String[] {"iptables", "ip6tables"}) {
            for (String chain : new String[] {"INPUT", "OUTPUT"}) {
                Exec.check(ns.wrap(java.util.List.of(tool, "-w", "-I", chain, "-j", "DROP")));
            }
        }
        s.on = true;
        return s;
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
