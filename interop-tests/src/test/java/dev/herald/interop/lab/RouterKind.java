package dev.herald.interop.lab;

import java.nio.file.Path;

/**
 * The routers the lab can run: an implementation and where its binaries come from. Host
 * binaries are Debian bookworm's packages; trixie ones come from the cached root filesystem.
 */
public enum RouterKind {
    FRR_TRIXIE("FRR 10.3 (trixie)", Impl.FRR, true),
    FRR_HOST("FRR 8.4 (host)", Impl.FRR, false),
    GOBGP_TRIXIE("GoBGP 3.36 (trixie)", Impl.GOBGP, true),
    GOBGP_HOST("GoBGP 3.10 (host)", Impl.GOBGP, false),
    BIRD_TRIXIE("BIRD 2.17 (trixie)", Impl.BIRD, true),
    BIRD_HOST("BIRD 2.0 (host)", Impl.BIRD, false),
    OPENBGPD_TRIXIE("OpenBGPD 8.8 (trixie)", Impl.OPENBGPD, true);

    /** The router implementation. */
    public enum Impl { FRR, GOBGP, BIRD, OPENBGPD }

    private final String label;
    private final Impl impl;
    private final boolean trixie;

    RouterKind(String label, Impl impl, boolean trixie) {
        this.label = label;
        this.impl = impl;
        this.trixie = trixie;
    }

    public Impl impl() {
        return impl;
    }

    public RouterRuntime runtime() {
        return trixie ? RouterRuntime.trixie() : RouterRuntime.HOST;
    }

    /** The router's main binary as the router sees it. */
    public String binary() {
        return switch (impl) {
            case FRR -> "/usr/lib/frr/bgpd";
            case GOBGP -> "/usr/bin/gobgpd";
            case BIRD -> "/usr/sbin/bird";
            case OPENBGPD -> "/usr/sbin/bgpd";
        };
    }

    private String packageName() {
        return switch (impl) {
            case FRR -> "frr";
            case GOBGP -> "gobgpd";
            case BIRD -> "bird2";
            case OPENBGPD -> "openbgpd";
        };
    }

    /** Skips (or, under CI, fails) unless this router's binaries are installed. */
    public void require() {
        // -Dherald.lab.routers=FRR_TRIXIE,OPENBGPD_TRIXIE runs only those routers' cases (a developer's filter).
        String only = System.getProperty("herald.lab.routers", "");
        if (!only.isBlank() && !java.util.Arrays.asList(only.split(",")).contains(name())) {
            org.junit.jupiter.api.Assumptions.abort(this + " left out by -Dherald.lab.routers=" + only);
        }
        Lab.requireLab();
        if (trixie) {
            Lab.requireTrixie();
        }
        Lab.require(runtime().hasExecutable(binary()), label + ": " + binary() + " is missing"
                + (trixie ? " in " + Lab.trixieRoot() + " (rebuild: rm " + Lab.trixieRoot() + "/.herald-lab-stamp; interop-tests/lab/trixie-rootfs.sh)"
                        : "; install it: apt-get install " + packageName()));
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
