package dev.herald.interop.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A real BGP router running in a lab namespace. Subclasses know how to configure, start,
 * query and stop one implementation; everything they report comes back in the common
 * shapes {@link ReceivedRoute} and {@link PeerState}.
 */
public abstract class Router implements AutoCloseable {
    protected final RouterKind kind;
    protected final RouterRuntime runtime;
    protected final Netns ns;
    protected final RouterConfig config;
    protected final Path logDir;
    /** Run directory as the router sees it: configs, sockets, pid files. */
    protected final String runDir;
    protected final List<Daemon> daemons = new ArrayList<>();
    private boolean closed;

    protected Router(RouterKind kind, RouterRuntime runtime, Netns ns, RouterConfig config, Path logDir) {
        this.kind = kind;
        this.runtime = runtime;
        this.ns = ns;
        this.config = config;
        this.logDir = logDir;
        this.runDir = "/run/herald-lab/" + ns.name();
    }

    public RouterKind kind() {
        return kind;
    }

    public Netns ns() {
        return ns;
    }

    /** The version the router's binary reports, e.g. "FRR 10.3". */
    public abstract String version();

    /** Writes the configuration and starts the daemons (in the foreground, logging to {@link #logDir}). */
    protected abstract void start();

    /** The router's table for one family, every path it holds. */
    public abstract List<ReceivedRoute> routes(Family family);

    /** The router's neighbours and their session states. */
    public abstract List<PeerState> peers();

    /** The raw text of the router's table and neighbours, for failure messages. */
    public abstract String dump();

    /**
     * Whether the router marks its path for {@code prefix} as stale (graceful restart), when the
     * router's output says so in a form we parse; empty when unknown.
     */
    public Optional<Boolean> isStale(IpPrefix prefix) {
        return Optional.empty();
    }

    /**
     * Whether the router holds {@code prefix} as long-lived-stale (RFC 9494: it carries the
     * LLGR_STALE community 65535:6), or empty when it does not hold the prefix or cannot say.
     */
    public Optional<Boolean> isLlgrStale(IpPrefix prefix) {
        return Optional.empty();
    }

    public Optional<PeerState> peer(InetAddress neighbor) {
        return peers().stream().filter(p -> p.neighbor().equals(neighbor)).findFirst();
    }

    /**
     * How many times the router's session with {@code neighbor} has reached Established, when the
     * router says (FRR: {@code connectionsEstablished}); an unchanged count means the session never
     * went down in between.
     */
    public java.util.OptionalLong timesEstablished(InetAddress neighbor) {
        return java.util.OptionalLong.empty();
    }

    public boolean isEstablished(InetAddress neighbor) {
        return peer(neighbor).map(PeerState::established).orElse(false);
    }

    /** Routes for {@code prefix} (any family). */
    /** Every prefix the router holds now, in every family the lab knows. */
    public java.util.Set<IpPrefix> allPrefixes() {
        java.util.Set<IpPrefix> out = new java.util.HashSet<>();
        for (Family f : Family.values()) {
            for (ReceivedRoute r : routes(f)) {
                out.add(r.prefix());
            }
        }
        return out;
    }

    public List<ReceivedRoute> routes(IpPrefix prefix) {
        return routes(prefix.isIpv6() ? Family.IPV6_UNICAST : Family.IPV4_UNICAST).stream()
                .filter(r -> r.prefix().equals(prefix)).toList();
    }

    /** Waits until the session with {@code neighbor} is Established in the router's view. */
    public PeerState awaitEstablished(InetAddress neighbor, Duration timeout) {
        return await("session with " + IpPrefix.format(neighbor) + " Established", timeout,
                () -> peer(neighbor).filter(PeerState::established));
    }

    /** Waits until the family's table satisfies {@code condition}; returns that table. */
    public List<ReceivedRoute> awaitRoutes(Family family, String what, Duration timeout, Predicate<List<ReceivedRoute>> condition) {
        return await(what, timeout, () -> {
            List<ReceivedRoute> t = routes(family);
            return condition.test(t) ? Optional.of(t) : Optional.empty();
        });
    }

    /**
     * Polls {@code probe} every 250 ms (at most every second later on) until it yields a
     * value, or fails after {@code timeout} with the router's state and its logs' tails.
     * Timeouts are generous bounds, never speed assertions.
     */
    public <T> T await(String what, Duration timeout, java.util.function.Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = 250;
        RuntimeException lastError = null;
        while (true) {
            checkAlive();
            try {
                Optional<T> v = probe.get();
                if (v.isPresent()) {
                    return v.get();
                }
                lastError = null;
            } catch (DaemonExitedException e) {
                throw new AssertionError(kind + ": while waiting for " + what + ": " + e.getMessage()
                        + "\n--- router state ---\n" + safeDump(), e);
            } catch (LabException | IllegalArgumentException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(kind + ": timed out after " + timeout + " waiting for: " + what
                        + (lastError == null ? "" : "\nlast error: " + lastError)
                        + "\n--- router state ---\n" + safeDump() + "\n--- logs ---\n" + logTails(), lastError);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted waiting for " + what, e);
            }
            sleep = Math.min(1000, sleep + 250);
        }
    }

    protected String safeDump() {
        try {
            return dump();
        } catch (RuntimeException e) {
            return "(cannot read router state: " + e.getMessage() + ")";
        }
    }

    public String logTails() {
        StringBuilder sb = new StringBuilder();
        for (Daemon d : daemons) {
            sb.append("== ").append(d.log()).append('\n').append(d.tail(25)).append('\n');
        }
        return sb.toString();
    }

    /** Fails with the log's tail when one of the router's daemons has exited. */
    public void checkAlive() {
        for (Daemon d : daemons) {
            d.checkAlive();
        }
    }

    protected Daemon startDaemon(String name, List<String> command) {
        Daemon d = Daemon.start(kind + "/" + name + "@" + ns.name(), runtime.daemon(ns, command), logDir.resolve(name + ".log"));
        daemons.add(d);
        return d;
    }

    protected Exec.Result client(List<String> command) {
        return Exec.run(runtime.client(ns, command));
    }

    /** Writes a config file into the run directory and keeps a copy beside the logs. */
    protected String writeConfig(String fileName, String content, String owner) {
        String path = runDir + "/" + fileName;
        runtime.write(path, content, owner);
        try {
            Files.createDirectories(logDir);
            Files.writeString(logDir.resolve(fileName), content);
        } catch (IOException e) {
            throw new LabException("cannot copy " + fileName + " to " + logDir, e);
        }
        return path;
    }

    /** Stops the router's daemons (newest first, by pid) and removes its run directory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).stop(Duration.ofSeconds(10));
        }
        cleanup();
    }

    /** Removes run directories; called after the daemons stopped. */
    protected void cleanup() {
        runtime.deleteTree(runDir);
    }

    /** Saves the router's current state beside its logs (call before stopping, for debugging). */
    public void snapshot(String label) {
        try {
            Files.createDirectories(logDir);
            Files.writeString(logDir.resolve("state-" + label + ".txt"), safeDump());
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return kind + "@" + ns.name();
    }

    /**
     * The router's own detailed output for one prefix, path attributes included (MED, communities),
     * for checks the common {@link ReceivedRoute} does not model.
     */
    public String routeDetail(IpPrefix prefix) {
        throw new UnsupportedOperationException(kind + " shows no route detail yet");
    }

    /**
     * One command of the router's own CLI, unchecked: BIRD {@code birdc CMD}, FRR {@code vtysh -c CMD}
     * (several lines make one configuration session: {@code "conf t\nrouter bgp 1\nneighbor X shutdown"}),
     * GoBGP {@code gobgp ARGS} split at spaces. For benchmarks that steer or poll a router cheaply.
     */
    public Exec.Result cli(String command) {
        throw new UnsupportedOperationException(kind + " has no CLI here");
    }

    /** The router's own description of its session with {@code neighbor}, capabilities included, as its CLI prints it. */
    public String neighborDetail(InetAddress neighbor) {
        throw new UnsupportedOperationException(kind + " shows no neighbour detail here");
    }

    /**
     * The router's own word on RFC 8654 extended messages with {@code neighbor}: true when both
     * sides sent capability 6, false when not, empty when it does not say (no session yet).
     */
    public Optional<Boolean> extendedMessage(InetAddress neighbor) {
        return Optional.empty();
    }

    /** The router's BFD sessions as it shows them (FRR {@code show bfd peers}, BIRD {@code show bfd sessions}). */
    public List<RouterBfdSession> bfdSessions() {
        throw new UnsupportedOperationException(kind + " shows no BFD sessions here");
    }

    /** Pids of the router's running daemons (benchmarks read their resident memory). */
    public List<Long> daemonPids() {
        return daemons.stream().filter(Daemon::isAlive).map(Daemon::pid).toList();
    }

    /** BIRD's {@code show route count} (benchmarks). */
    public String routeCountText() {
        throw new UnsupportedOperationException(kind + " has no route count here");
    }

    /** Asks for herald's routes again: a ROUTE-REFRESH for every family (FRR {@code clear bgp * soft in}, BIRD {@code reload in}). */
    public void requestRouteRefresh() {
        throw new UnsupportedOperationException(kind + " cannot be asked for a route refresh here");
    }
}
