package dev.herald.interop.compare;

import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RouterRuntime;
import java.time.Duration;

/**
 * A {@link GrSender} run from the trixie runtime, its files in {@code /run/herald-lab/NS} (NS the
 * speaker namespace), with one BGP process that {@link #kill9} kills: BIRD, FRR's bgpd, gobgpd.
 */
abstract class TrixieGrSender implements GrSender {
    final RouterRuntime runtime = RouterRuntime.trixie();
    final LabLink link;
    final String runDir;
    /** The BGP process of the latest start; null before the first. */
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
    public void kill9() {
        bgp.kill9();
    }

    /** Stops the BGP process, then {@link #stopRest}, then removes the run directory. */
    @Override
    public void close() {
        if (bgp != null) {
            bgp.stop(Duration.ofSeconds(20));
        }
        stopRest();
        runtime.deleteTree(runDir);
    }

    /** Stops what runs beside the BGP process and removes its files; nothing by default. */
    void stopRest() {
    }
}
