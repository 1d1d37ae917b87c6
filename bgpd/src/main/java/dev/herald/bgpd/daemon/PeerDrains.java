package dev.herald.bgpd.daemon;

import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import dev.herald.config.HeraldConfig;
import dev.herald.config.PeerConfig;
import dev.herald.rib.Drain;
import dev.herald.rib.ExportPolicy;

/**
 * {@code herald drain} and {@code herald undrain} (RFC 8326) over the running config: which peers
 * are drained ({@link Drains}, daemon state that a reload keeps) and each peer's export policy with
 * the drain overlay, handed to the RIB's policy change (coalesced, and right mid-table). Changes
 * hold the daemon's lock, as a reload does, so a drain never applies an export a reload replaced.
 */
public final class PeerDrains {
    private static final System.Logger LOG = System.getLogger("daemon");
    private final Drains drains = new Drains();
    private final Object lock;
    private final Supplier<HeraldConfig> config;
    private final BiConsumer<String, ExportPolicy> setPolicy;

    PeerDrains(Object lock, Supplier<HeraldConfig> config, BiConsumer<String, ExportPolicy> setPolicy) {
        this.lock = lock;
        this.config = config;
        this.setPolicy = setPolicy;
    }

    /** {@code p}'s export policy, with the drain overlay while it is drained, to the RIB. */
    void setPolicy(PeerConfig p) {
        ExportPolicy policy = ExportPolicies.of(p.export());
        if (drains.of(p.name()).isPresent()) {
            policy = policy.withDrain(new Drain(config.get().drain().prepend()));
        }
        setPolicy.accept(p.name(), policy);
    }

    /** Forgets the drains of peers a reload removed. */
    void retain(Collection<String> peers) {
        drains.retain(peers);
    }

    /**
     * RFC 8326 graceful shutdown: {@code peer} (empty: every peer, also those a reload adds) is sent
     * every route again with GRACEFUL_SHUTDOWN, LOCAL_PREF 0 toward iBGP and the configured prepend
     * toward eBGP, until {@link #undrain}. A peer already drained keeps its first time and message.
     *
     * @return false when there is no such peer
     */
    public boolean drain(Optional<String> peer, String message) {
        synchronized (lock) {
            DrainView s = new DrainView(java.time.Instant.now(), message);
            if (peer.isPresent()) {
                Optional<PeerConfig> p = peerConfig(peer.get());
                if (p.isEmpty()) {
                    return false;
                }
                drains.drain(peer.get(), s);
                setPolicy(p.get());
            } else {
                if (drains.all().isEmpty()) {
                    drains.drainAll(s);
                }
                config.get().peers().forEach(this::setPolicy);
            }
        }
        LOG.log(Level.INFO, "drained {0} (RFC 8326) \"{1}\"", peer.map(n -> "peer " + n).orElse("every peer"), message);
        return true;
    }

    /**
     * Ends a {@link #drain}: {@code peer}'s own (empty: every drain); its routes are sent as before.
     *
     * @return the error, empty when done
     */
    public Optional<String> undrain(Optional<String> peer) {
        synchronized (lock) {
            if (peer.isPresent()) {
                Optional<PeerConfig> p = peerConfig(peer.get());
                if (p.isEmpty()) {
                    return Optional.of("no peer named '" + peer.get() + "'");
                }
                if (!drains.undrain(peer.get())) {
                    return Optional.of("every peer is drained; 'herald undrain' without --peer ends that");
                }
                setPolicy(p.get());
            } else {
                drains.undrainAll();
                config.get().peers().forEach(this::setPolicy);
            }
        }
        LOG.log(Level.INFO, "undrained {0}", peer.map(n -> "peer " + n).orElse("every peer"));
        return Optional.empty();
    }

    /** The drain covering {@code peer} (since when, message), or empty. */
    public Optional<DrainView> drained(String peer) {
        return drains.of(peer);
    }

    /** The drain of the whole daemon ({@code herald drain} without --peer), or empty. */
    public Optional<DrainView> drainedAll() {
        return drains.all();
    }

    /** Drains every peer and waits {@code d} (nothing when zero) from when the RIB has sent the drained routes. */
    void drainAndWait(java.time.Duration d, RibQueries rib) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        drain(Optional.empty(), "herald is stopping");
        LOG.log(Level.INFO, "stopping in {0} s: drained every peer first (RFC 8326)", d.toSeconds());
        try {
            rib.size(); // the wait starts once the RIB has sent the drained routes, not when they were asked for
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<PeerConfig> peerConfig(String name) {
        return config.get().peers().stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
