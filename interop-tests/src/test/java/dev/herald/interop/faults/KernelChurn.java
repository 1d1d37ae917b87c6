package dev.herald.interop.faults;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Kernel route churn for the soak: blackholes in table 10 with protocol ovn (84) in herald's
 * namespace, over a universe of IPv6 /64s (2001:db8:2::/48 on), each change one add or delete in
 * one {@code ip -batch} per call. What herald's kernel source should announce is read back from
 * the kernel ({@link #expected}), not from this class's model.
 */
final class KernelChurn {
    private final LabLink link;
    private final List<IpPrefix> universe;
    private final Set<IpPrefix> present = new HashSet<>();
    private long changes;
    private int batchNo;

    KernelChurn(LabLink link, int universeSize) {
        this.link = link;
        this.universe = new ArrayList<>(universeSize);
        for (int i = 0; i < universeSize; i++) {
            universe.add(IpPrefix.parse("2001:db8:" + Integer.toHexString(2 + i / 65536) + ":" + Integer.toHexString(i % 65536)
                    + "::/64"));
        }
    }

    /** {@code n} changes in one {@code ip -batch}: a random prefix each, added if absent, deleted if present. */
    void churn(int n, Random rnd) throws IOException {
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            IpPrefix p = universe.get(rnd.nextInt(universe.size()));
            boolean add = !present.remove(p);
            if (add) {
                present.add(p);
            }
            lines.add(FaultLab.route(add ? "add" : "del", p));
        }
        Path f = link.logDir().resolve("soak-" + (batchNo++ % 2) + ".batch");
        Files.write(f, lines);
        Exec.run(List.of("ip", "-n", link.speakerNs().name(), "-force", "-batch", f.toString()), Duration.ofSeconds(120));
        changes += n;
    }

    long changes() {
        return changes;
    }

    /** The blackholes table 10 holds now. */
    Set<IpPrefix> expected() {
        Set<IpPrefix> out = new HashSet<>();
        for (String l : Exec.check("ip", "-n", link.speakerNs().name(), "-6", "route", "show", "table", "10", "proto", "84")
                .stdout().lines().toList()) {
            out.add(IpPrefix.parse(l.trim().split("\\s+")[1]));
        }
        return out;
    }
}
