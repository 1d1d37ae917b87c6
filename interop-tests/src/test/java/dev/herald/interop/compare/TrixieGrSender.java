package dev.herald.interop.compare;

import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RouterRuntime;

/**
 * A {@link GrSender} run from the trixie runtime, its files in {@code /run/herald-lab/NS} (NS the
 * speaker namespace): BIRD, FRR (bgpd the BGP process), GoBGP.
 */
abstract class TrixieGrSender implements GrSender {
    final RouterRuntime runtime = RouterRuntime.trixie();
    final LabLink link;
    final String runDir;
    /** What {@link #process} returns. */
    Daemon bgp;
    private int starts;

    TrixieGrSender(LabLink link) {
        this.link = link;
        this.runDir = "/run/herald-lab/" + link.speakerNs().name();
    }

    /** 1 for the first start, then 2, 3 and on: numbers each start's log file. */
    int nextStart() {
        return ++starts;
    }

    @Override
    public Daemon process() {
        return bgp;
    }

    /** Stops the BGP process, then {@link #stopRest}, then removes the run directory. */
    @Override
    public void close() {
        GrSender.super.close();
        stopRest();
        runtime.deleteTree(runDir);
    }

    /** Stops what runs beside the BGP process and removes its files; nothing by default. */
    void stopRest() {
    }
}
