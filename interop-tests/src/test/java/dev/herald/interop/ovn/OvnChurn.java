package dev.herald.interop.ovn;

import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Netns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * OVN churn for soak runs outside this package: a real OVN 25.03 SB with the lab's gateway router
 * lr-gw on chassis gw1 (the chassis herald runs on, from the Open_vSwitch database), then
 * ovn-northd and ovn-controller stopped so the SB holds exactly its connected routes plus what
 * {@link #churn} writes: Advertised_Route rows on lrp-ext (bound to gw1, so herald announces
 * them), one insert or delete per change, all of one call in one transaction. The universe
 * alternates IPv6 /64s (2001:db8:100::/40) and IPv4 /24s (10.0.0.0/8), so both families churn.
 */
public final class OvnChurn implements AutoCloseable {
    private final OvnCluster ovn;
    private final SbWriter sb;
    private final String datapath;
    private final String logicalPort;
    private final List<IpPrefix> universe;
    /** Rows this churn holds in the SB: prefix to row uuid. */
    private final Map<IpPrefix, String> present = new HashMap<>();
    private long changes;

    private OvnChurn(OvnCluster ovn, SbWriter sb, String datapath, String logicalPort, int universeSize) {
        this.ovn = ovn;
        this.sb = sb;
        this.datapath = datapath;
        this.logicalPort = logicalPort;
        this.universe = new ArrayList<>(universeSize);
        for (int i = 0; i < universeSize; i++) {
            universe.add(IpPrefix.parse(prefix(i)));
        }
    }

    static String prefix(int i) {
        int n = i / 2;
        return i % 2 == 0
                ? "2001:db8:" + Integer.toHexString(0x100 + (n >>> 16)) + ":" + Integer.toHexString(n & 0xffff) + "::/64"
                : "10." + (n >>> 8 & 0xff) + "." + (n & 0xff) + ".0/24";
    }

    /** Checks that the OVN tree is there (skips the run otherwise, as the ITs do). */
    public static void require() {
        OvnCluster.require();
    }

    /** Starts OVN in {@code ns} (logs under {@code logDir}) and stops northd and ovn-controller once lr-gw is claimed. */
    /** The SB uuids of gateway router lr-gw's datapath and of its port lrp-ext, which Advertised_Route rows name. */
    static String[] gatewayIds(OvnCluster ovn) {
        String dp = ovn.sbctl("--bare", "--columns=_uuid", "find", "Datapath_Binding", "external_ids:name=lr-gw").check()
                .stdout().strip();
        String lp = ovn.sbctl("--bare", "--columns=_uuid", "find", "Port_Binding", "logical_port=lrp-ext").check().stdout()
                .strip();
        return new String[] {dp, lp};
    }

    public static OvnChurn start(Netns ns, Path logDir, int universeSize) throws IOException {
        OvnCluster ovn = OvnCluster.start(ns, logDir, "gw1");
        try {
            ovn.gatewayRouter("gw1");
            String[] ids = gatewayIds(ovn);
            ovn.stopNorthdAndController();
            return new OvnChurn(ovn, new SbWriter(ovn.sbSocketFromHost()), ids[0], ids[1], universeSize);
        } catch (IOException | RuntimeException e) {
            ovn.close();
            throw e;
        }
    }

    /** herald's {@code sources.ovn} block (indented for under {@code sources:}). */
    public String heraldSource() {
        return """
                  ovn:
                    remote: "tcp:127.0.0.1:%d"
                    ovs-remote: %s
                """.formatted(OvnCluster.SB_PORT, ovn.ovsRemoteFromHost());
    }

    /**
     * {@code n} changes in one SB transaction: each a random prefix of the universe (none twice),
     * inserted if absent, deleted if present. Returns once the SB acknowledged the commit.
     */
    public void churn(int n, Random rnd) throws IOException {
        List<IpPrefix> inserted = new ArrayList<>();
        List<IpPrefix> deleted = new ArrayList<>();
        Set<IpPrefix> touched = new HashSet<>();
        StringBuilder ops = new StringBuilder();
        while (touched.size() < Math.min(n, universe.size())) {
            IpPrefix p = universe.get(rnd.nextInt(universe.size()));
            if (!touched.add(p)) {
                continue;
            }
            if (ops.length() > 0) {
                ops.append(',');
            }
            String uuid = present.get(p);
            if (uuid != null) {
                ops.append(SbWriter.delete(uuid));
                deleted.add(p);
                inserted.add(null);
            } else {
                ops.append(SbWriter.insert(datapath, logicalPort, p.toString()));
                inserted.add(p);
            }
        }
        JsonNode result = sb.transact(ops.toString());
        // results come in the order of the ops; an insert's is {"uuid":["uuid","..."]}
        for (int i = 0; i < inserted.size(); i++) {
            IpPrefix p = inserted.get(i);
            if (p != null) {
                present.put(p, result.get(i).path("uuid").get(1).asString());
            }
        }
        deleted.forEach(present::remove);
        changes += touched.size();
    }

    /** Changes committed so far. */
    public long changes() {
        return changes;
    }

    /**
     * What herald should announce from OVN: the ip_prefix of every Advertised_Route row the SB
     * holds now (read back with ovn-sbctl, not from this class's own model, which it must equal).
     */
    public Set<IpPrefix> expected() {
        Set<IpPrefix> out = new HashSet<>();
        for (String s : ovn.sbctl("--bare", "--columns=ip_prefix", "list", "Advertised_Route").check().stdout().split("\\s+")) {
            if (!s.isBlank()) {
                out.add(IpPrefix.parse(s.replace("\"", "")));
            }
        }
        Set<IpPrefix> model = new HashSet<>(present.keySet());
        model.addAll(OvnSourceIT.CONNECTED);
        if (!model.equals(out)) {
            throw new AssertionError("the SB holds " + out.size() + " Advertised_Route prefixes, the churn's model "
                    + model.size() + ": the SB lost or kept a write");
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            sb.close();
        } finally {
            ovn.close();
        }
    }
}
