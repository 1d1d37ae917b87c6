package dev.herald.interop.lab;

import java.nio.file.Path;

/**
 * The routers the lab can run: an implementation and where its binaries come from. Host
 * binaries are Debian bookworm's packages; trixie and sid ones come from the cached root
 * filesystems (interop-tests/lab/debian-rootfs.sh). The sid labels are the versions sid had
 * when they were added (2026-12-07); sid moves daily, so {@link Router#version()} (printed
 * when a router starts) is the version a run really used.
 */
public enum RouterKind {
    FRR_SID("FRR 10.7 (sid)", Impl.FRR, Tree.SID),
    FRR_TRIXIE("FRR 10.3 (trixie)", Impl.FRR, Tree.TRIXIE),
    FRR_HOST("FRR 8.4 (host)", Impl.FRR, Tree.HOST),
    GOBGP_SID("GoBGP 4.8 (sid)", Impl.GOBGP, Tree.SID),
    GOBGP_TRIXIE("GoBGP 3.36 (trixie)", Impl.GOBGP, Tree.TRIXIE),
    GOBGP_HOST("GoBGP 3.10 (host)", Impl.GOBGP, Tree.HOST),
    BIRD_SID("BIRD 2.20 (sid)", Impl.BIRD, Tree.SID),
    // bird3 conflicts with bird2: the sid tree has it unpacked under /opt/bird3 (debian-rootfs.sh).
    BIRD3_SID("BIRD 3.4 (sid)", Impl.BIRD, Tree.SID, "/opt/bird3"),
    BIRD_TRIXIE("BIRD 2.17 (trixie)", Impl.BIRD, Tree.TRIXIE),
    BIRD_HOST("BIRD 2.0 (host)", Impl.BIRD, Tree.HOST),
    OPENBGPD_SID("OpenBGPD 9.3 (sid)", Impl.OPENBGPD, Tree.SID),
    OPENBGPD_TRIXIE("OpenBGPD 8.8 (trixie)", Impl.OPENBGPD, Tree.TRIXIE);

    /** The router implementation. */
    public enum Impl { FRR, GOBGP, BIRD, OPENBGPD }

    /** Where the binaries are: the host, or one of the root filesystems debian-rootfs.sh builds. */
    public enum Tree { HOST, TRIXIE, SID }

    private final String label;
    private final Impl impl;
    private final Tree tree;
    private final String prefix;

    RouterKind(String label, Impl impl, Tree tree) {
        this(label, impl, tree, "");
    }

    RouterKind(String label, Impl impl, Tree tree, String prefix) {
        this.label = label;
        this.impl = impl;
        this.tree = tree;
        this.prefix = prefix;
    }

    public Impl impl() {
        return impl;
    }

    public RouterRuntime runtime() {
        return switch (tree) {
            case HOST -> RouterRuntime.HOST;
            case TRIXIE -> RouterRuntime.trixie();
            case SID -> RouterRuntime.sid();
        };
    }

    /**
     * A path of the router's package as the router sees it: {@code /usr/sbin/birdc} is
     * {@code /opt/bird3/usr/sbin/birdc} for a package unpacked under /opt.
     */
    public String path(String packagePath) {
        return prefix + packagePath;
    }

    /** The router's main binary as the router sees it. */
    public String binary() {
        return path(switch (impl) {
            case FRR -> "/usr/lib/frr/bgpd";
            case GOBGP -> "/usr/bin/gobgpd";
            case BIRD -> "/usr/sbin/bird";
            case OPENBGPD -> "/usr/sbin/bgpd";
        });
    }

    private String packageName() {
        return switch (impl) {
            case FRR -> "frr";
            case GOBGP -> "gobgpd";
            case BIRD -> prefix.isEmpty() ? "bird2" : "bird3";
            case OPENBGPD -> "openbgpd";
        };
    }

    /** Skips (or, under CI, fails) unless this router's binaries are installed. */
    public void require() {
        // -Dherald.lab.routers=FRR_SID,OPENBGPD_TRIXIE runs only those routers' cases (a developer's filter).
        String only = System.getProperty("herald.lab.routers", "");
        if (!only.isBlank() && !java.util.Arrays.asList(only.split(",")).contains(name())) {
            org.junit.jupiter.api.Assumptions.abort(this + " left out by -Dherald.lab.routers=" + only);
        }
        Lab.requireLab();
        switch (tree) {
            case HOST -> { }
            case TRIXIE -> Lab.requireTrixie();
            case SID -> Lab.requireSid();
        }
        String rebuild = switch (tree) {
            case HOST -> "; install it: apt-get install " + packageName();
            case TRIXIE -> " in " + Lab.trixieRoot() + " (rebuild: rm " + Lab.trixieRoot() + "/.herald-lab-stamp; interop-tests/lab/trixie-rootfs.sh)";
            case SID -> " in " + Lab.sidRoot() + " (rebuild: rm " + Lab.sidRoot() + "/.herald-lab-stamp; interop-tests/lab/debian-rootfs.sh sid)";
        };
        Lab.require(runtime().hasExecutable(binary()), label + ": " + binary() + " is missing" + rebuild);
    }

    /** Starts this router in {@code ns} with {@code config}; logs go to {@code logDir}. */
    public Router start(Netns ns, RouterConfig config, Path logDir) {
        Router r = switch (impl) {
            case FRR -> new FrrRouter(this, runtime(), ns, config, logDir);
            case GOBGP -> new GoBgpRouter(this, runtime(), ns, config, logDir);
            case BIRD -> new BirdRouter(this, runtime(), ns, config, logDir);
            case OPENBGPD -> new OpenBgpdRouter(this, runtime(), ns, config, logDir);
        };
        try {
            r.start();
            System.err.println("[lab] " + this + " is " + r.version() + " in " + ns);
            return r;
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** Starts the standard lab router (AS 65001 at .1, neighbour AS 65010 at .2) on the link's router side. */
    public Router startOn(LabLink link) {
        return link.own(start(link.routerNs(), RouterConfig.standard(link), link.logDir().resolve(name().toLowerCase())));
    }

    @Override
    public String toString() {
        return label;
    }
}
