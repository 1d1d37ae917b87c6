package dev.herald.interop.ovn;

import dev.herald.interop.lab.Lab;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** The Debian trees OVN runs from in the lab: trixie has OVN 25.03, sid OVN 26.03 (interop-tests/lab/debian-rootfs.sh). */
enum OvnTree {
    TRIXIE("trixie", "25.03"),
    SID("sid", "26.03");

    private final String suite;
    private final String release;

    OvnTree(String suite, String release) {
        this.suite = suite;
        this.release = release;
    }

    String suite() {
        return suite;
    }

    /** The OVN release the tree ships (what debian-rootfs.sh installed on 2026-12-07). */
    String release() {
        return release;
    }

    Path root() {
        return this == TRIXIE ? Lab.trixieRoot() : Lab.sidRoot();
    }

    /** Skips (fails under CI) unless the tree is built and holds the OVN and OVS daemons. */
    void require() {
        if (this == TRIXIE) {
            Lab.requireTrixie();
        } else {
            Lab.requireSid();
        }
        // ovs-vswitchd is an alternatives symlink (absolute, valid only inside the tree): not followed
        for (String b : List.of("usr/sbin/ovsdb-server", "usr/bin/ovn-northd", "usr/bin/ovn-controller", "usr/sbin/ovs-vswitchd",
                "usr/bin/ovn-nbctl")) {
            Lab.require(Files.exists(root().resolve(b), LinkOption.NOFOLLOW_LINKS), "OVN " + release + " is missing from the "
                    + suite + " tree (" + b + "); upgrade it: sudo interop-tests/lab/debian-rootfs.sh " + suite);
        }
    }
}
