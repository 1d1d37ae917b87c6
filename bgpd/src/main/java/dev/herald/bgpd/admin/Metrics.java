package dev.herald.bgpd.admin;

import dev.herald.bgpd.daemon.Daemon;
import dev.herald.bgpd.daemon.PeerView;
import dev.herald.bgpd.daemon.SourceActivity;
import dev.herald.codec.Family;
import dev.herald.fsm.State;
import dev.herald.fsm.transport.MessageCounts;
import dev.herald.sources.SourceHealth;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything herald exports to Prometheus, rendered at each scrape from the daemon's own state
 * (no second copy of it to keep in step). The list with meanings is in docs/metrics.md.
 */
public final class Metrics {
    private static final Pattern NOTIFICATION = Pattern.compile("NOTIFICATION (\\d+)/(\\d+)");

    private final Daemon daemon;

    public Metrics(Daemon daemon) {
        this.daemon = daemon;
    }

    public String scrape() {
        PromText t = new PromText();
        try {
            bgp(t, daemon.peers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return t.toString();
        }
        jvm(t);
        netty(t);
        return t.toString();
    }

    private void bgp(PromText t, List<PeerView> peers) throws InterruptedException {
        t.family("herald_start_time_seconds", "gauge", "When herald started, in seconds since the Unix epoch.");
        t.sample("herald_start_time_seconds", daemon.started().toEpochMilli() / 1000.0);
        t.family("herald_rib_prefixes", "gauge", "Prefixes in the RIB's origin table (offered by at least one source).");
        t.sample("herald_rib_prefixes", daemon.rib().size());
        var groups = daemon.rib().updateGroups();
        t.family("herald_update_groups", "gauge", "Update groups: sets of Established peers sent the same UPDATEs.");
        t.sample("herald_update_groups", groups.size());
        t.family("herald_update_group_members", "gauge", "Peers in each update group.");
        for (var g : groups) {
            t.sample("herald_update_group_members", g.members().size(), "group", Integer.toString(g.id()));
        }
        t.family("herald_update_group_held_back", "gauge", "Prefixes an update group holds back for maximum-prefix-out.");
        for (var g : groups) {
            t.sample("herald_update_group_held_back", g.heldBack(), "group", Integer.toString(g.id()));
        }
        sources(t);
        t.family("herald_peer_state", "gauge",
                "BGP FSM state as in BGP4-MIB bgpPeerState: 1 Idle, 2 Connect, 3 Active, 4 OpenSent, 5 OpenConfirm, 6 Established.");
        for (PeerView p : peers) {
            t.sample("herald_peer_state", stateNumber(p.state()), "peer", p.name());
        }
        t.family("herald_peer_up", "gauge", "1 while the session is Established.");
        for (PeerView p : peers) {
            t.sample("herald_peer_up", p.since() == null ? 0 : 1, "peer", p.name());
        }
        t.family("herald_peer_admin_down", "gauge", "1 while the peer is disabled with 'herald peer NAME disable'.");
        for (PeerView p : peers) {
            t.sample("herald_peer_admin_down", p.adminDown() ? 1 : 0, "peer", p.name());
        }
        t.family("herald_peer_uptime_seconds", "gauge", "Seconds since the session became Established; 0 when it is not.");
        for (PeerView p : peers) {
            t.sample("herald_peer_uptime_seconds",
                    p.since() == null ? 0 : Duration.between(p.since(), Instant.now()).toMillis() / 1000.0, "peer", p.name());
        }
        t.family("herald_peer_flaps_total", "counter", "Established sessions that ended.");
        for (PeerView p : peers) {
            t.sample("herald_peer_flaps_total", p.flaps(), "peer", p.name());
        }
        t.family("herald_peer_last_error_code", "gauge",
                "Error code of the NOTIFICATION that ended the last session or attempt (sent or received); 0 when none did.");
        for (PeerView p : peers) {
            Matcher m = NOTIFICATION.matcher(p.lastError());
            t.sample("herald_peer_last_error_code", m.find() ? Integer.parseInt(m.group(1)) : 0, "peer", p.name());
        }
        t.family("herald_peer_last_error_subcode", "gauge", "Its subcode; 0 when none.");
        for (PeerView p : peers) {
            Matcher m = NOTIFICATION.matcher(p.lastError());
            t.sample("herald_peer_last_error_subcode", m.find() ? Integer.parseInt(m.group(2)) : 0, "peer", p.name());
        }
        t.family("herald_peer_messages_received_total", "counter", "BGP messages received, by type.");
        for (PeerView p : peers) {
            messages(t, "herald_peer_messages_received_total", p.name(), p.messages(), true);
        }
        t.family("herald_peer_messages_sent_total", "counter", "BGP messages sent, by type.");
        for (PeerView p : peers) {
            messages(t, "herald_peer_messages_sent_total", p.name(), p.messages(), false);
        }
        t.family("herald_peer_prefixes_announced", "gauge",
                "Prefixes in the peer's Adj-RIB-Out, per negotiated family (absent while not Established).");
        for (PeerView p : peers) {
            for (Family f : Family.ALL) {
                Integer n = p.advertised().get(f);
                if (n != null) {
                    t.sample("herald_peer_prefixes_announced", n, "peer", p.name(), "family", f.configName());
                }
            }
        }
        t.family("herald_peer_output_pending_prefixes", "gauge",
                "Prefixes whose newest state waits for the peer's socket to take more (one each, however often it changed).");
        for (PeerView p : peers) {
            if (p.since() != null) {
                t.sample("herald_peer_output_pending_prefixes", p.pendingPrefixes(), "peer", p.name());
            }
        }
        t.family("herald_peer_output_queued_bytes", "gauge", "Bytes written for the peer that its socket has not taken yet.");
        for (PeerView p : peers) {
            if (p.since() != null) {
                t.sample("herald_peer_output_queued_bytes", p.queuedBytes(), "peer", p.name());
            }
        }
        t.family("herald_peer_family_held_back", "gauge",
                "1 when a negotiated family's routes are not sent for want of a usable next hop (see herald peers).");
        for (PeerView p : peers) {
            for (Family f : p.heldBack().keySet()) {
                t.sample("herald_peer_family_held_back", 1, "peer", p.name(), "family", f.configName());
            }
        }
    }

    private void sources(PromText t) throws InterruptedException {
        List<dev.herald.sources.RouteSource> running = daemon.sources();
        t.family("herald_source_up", "gauge", "1 for each running route source.");
        for (var s : running) {
            t.sample("herald_source_up", 1, "source", s.name());
        }
        t.family("herald_source_prefixes", "gauge", "Prefixes a source offers in the RIB (whether it wins them or not).");
        for (var e : daemon.rib().prefixesBySource().entrySet()) {
            t.sample("herald_source_prefixes", e.getValue(), "source", e.getKey());
        }
        var activity = daemon.sourceActivity();
        t.family("herald_source_deliveries_total", "counter",
                "Complete views and changes a source handed to the RIB.");
        activity.forEach((name, a) -> t.sample("herald_source_deliveries_total", a.deliveries(), "source", name));
        t.family("herald_source_last_delivery_timestamp_seconds", "gauge",
                "When a source last handed the RIB a view or a change (Unix time); time() minus it is how long it has been quiet.");
        activity.forEach((name, a) -> t.sample("herald_source_last_delivery_timestamp_seconds", a.lastMillis() / 1000.0,
                "source", name));
        t.family("herald_source_sync_lag_seconds", "histogram",
                "Sync lag: from a source observing a change (netlink message read, OVSDB update or LXD event received,"
                        + " config read) to the RIB having applied it.");
        activity.forEach((name, a) -> {
            for (int i = 0; i < SourceActivity.BUCKETS.length; i++) {
                t.sample("herald_source_sync_lag_seconds_bucket", a.buckets()[i], "source", name, "le",
                        PromText.format(SourceActivity.BUCKETS[i]));
            }
            t.sample("herald_source_sync_lag_seconds_bucket", a.applied(), "source", name, "le", "+Inf");
            t.sample("herald_source_sync_lag_seconds_sum", a.lagSumSeconds(), "source", name);
            t.sample("herald_source_sync_lag_seconds_count", a.applied(), "source", name);
        });
        t.family("herald_source_last_sync_lag_seconds", "gauge",
                "Sync lag of the last change the RIB applied from a source (NaN before the first).");
        activity.forEach((name, a) -> t.sample("herald_source_last_sync_lag_seconds", a.lastLagSeconds(), "source", name));
        t.family("herald_source_connected", "gauge", "1 while a source that talks to a daemon (ovn, lxd) is connected to it.");
        List<java.util.Map.Entry<String, SourceHealth>> health = running.stream()
                .map(s -> java.util.Map.entry(s.name(), s.health())).toList();
        for (var h : health) {
            h.getValue().connected().ifPresent(c -> t.sample("herald_source_connected", c ? 1 : 0, "source", h.getKey()));
        }
        t.family("herald_source_resyncs_total", "counter",
                "Full reads of a source's daemon: LXD full syncs, OVN full snapshots, kernel dumps after lost notifications.");
        for (var h : health) {
            h.getValue().resyncs().ifPresent(n -> t.sample("herald_source_resyncs_total", n, "source", h.getKey()));
        }
        t.family("herald_source_errors_total", "counter",
                "Source errors by kind: connect (failed connection), garbage (input it could not read, skipped),"
                        + " overflow (kernel notifications lost).");
        for (var h : health) {
            h.getValue().errors().forEach((kind, n) -> t.sample("herald_source_errors_total", n, "source", h.getKey(),
                    "kind", kind));
        }
        t.family("herald_source_rejected_routes_total", "counter",
                "Routes a source refused to announce (outside its allow-lists, a restricted project's foreign prefix, ...).");
        for (var h : health) {
            h.getValue().rejectedRoutes().ifPresent(n -> t.sample("herald_source_rejected_routes_total", n, "source",
                    h.getKey()));
        }
    }

    private static void messages(PromText t, String name, String peer, MessageCounts c, boolean in) {
        for (int type = 1; type < MessageCounts.TYPES.size(); type++) {
            t.sample(name, in ? c.in(type) : c.out(type), "peer", peer, "type", MessageCounts.TYPES.get(type));
        }
    }

    static int stateNumber(String state) {
        State[] all = State.values();
        for (int i = 0; i < all.length; i++) {
            if (all[i].toString().equals(state)) {
                return i + 1;
            }
        }
        return 0;
    }

    private static void jvm(PromText t) {
        var memory = ManagementFactory.getMemoryMXBean();
        t.family("jvm_memory_used_bytes", "gauge", "Used bytes of a JVM memory area.");
        t.sample("jvm_memory_used_bytes", memory.getHeapMemoryUsage().getUsed(), "area", "heap");
        t.sample("jvm_memory_used_bytes", memory.getNonHeapMemoryUsage().getUsed(), "area", "nonheap");
        t.family("jvm_memory_committed_bytes", "gauge", "Committed bytes of a JVM memory area.");
        t.sample("jvm_memory_committed_bytes", memory.getHeapMemoryUsage().getCommitted(), "area", "heap");
        t.sample("jvm_memory_committed_bytes", memory.getNonHeapMemoryUsage().getCommitted(), "area", "nonheap");
        MemoryUsage heap = memory.getHeapMemoryUsage();
        t.family("jvm_memory_max_bytes", "gauge", "Max bytes of a JVM memory area (-1 when undefined).");
        t.sample("jvm_memory_max_bytes", heap.getMax(), "area", "heap");
        t.sample("jvm_memory_max_bytes", memory.getNonHeapMemoryUsage().getMax(), "area", "nonheap");
        t.family("jvm_buffer_pool_used_bytes", "gauge", "Used bytes of a JVM buffer pool (direct, mapped).");
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            t.sample("jvm_buffer_pool_used_bytes", b.getMemoryUsed(), "pool", b.getName());
        }
        t.family("jvm_threads_current", "gauge", "Current platform thread count.");
        t.sample("jvm_threads_current", ManagementFactory.getThreadMXBean().getThreadCount());
        t.family("jvm_gc_collection_seconds_count", "counter", "Garbage collections, by collector.");
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        for (GarbageCollectorMXBean gc : gcs) {
            t.sample("jvm_gc_collection_seconds_count", Math.max(0, gc.getCollectionCount()), "gc", gc.getName());
        }
        t.family("jvm_gc_collection_seconds_sum", "counter", "Time spent in garbage collection, by collector.");
        for (GarbageCollectorMXBean gc : gcs) {
            t.sample("jvm_gc_collection_seconds_sum", Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName());
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            t.family("process_cpu_seconds_total", "counter", "User and system CPU time of the process.");
            t.sample("process_cpu_seconds_total", os.getProcessCpuTime() / 1e9);
            t.family("process_open_fds", "gauge", "Open file descriptors.");
            t.sample("process_open_fds", os.getOpenFileDescriptorCount());
            t.family("process_max_fds", "gauge", "Maximum open file descriptors.");
            t.sample("process_max_fds", os.getMaxFileDescriptorCount());
        }
        t.family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch, in seconds.");
        t.sample("process_start_time_seconds", ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
    }

    private static void netty(PromText t) {
        netty(t, ByteBufAllocator.DEFAULT);
    }

    /**
     * Netty's figures for {@code a}, the allocator the sessions use (Netty 4.2's default is the
     * adaptive one; {@code -Dio.netty.allocator.type=pooled} picks the pooled one, which also
     * reports its arenas, thread-local caches and chunk size).
     */
    static void netty(PromText t, ByteBufAllocator a) {
        String name = a.getClass().getSimpleName();
        if (a instanceof ByteBufAllocatorMetricProvider p) {
            ByteBufAllocatorMetric m = p.metric();
            t.family("netty_allocator_used_bytes", "gauge", "Memory used by Netty's default buffer allocator.");
            t.sample("netty_allocator_used_bytes", m.usedHeapMemory(), "allocator", name, "memory", "heap");
            t.sample("netty_allocator_used_bytes", m.usedDirectMemory(), "allocator", name, "memory", "direct");
        }
        if (a instanceof PooledByteBufAllocator pooled) {
            PooledByteBufAllocatorMetric m = pooled.metric();
            t.family("netty_allocator_arenas", "gauge", "Arenas of the pooled allocator.");
            t.sample("netty_allocator_arenas", m.numHeapArenas(), "allocator", name, "memory", "heap");
            t.sample("netty_allocator_arenas", m.numDirectArenas(), "allocator", name, "memory", "direct");
            t.family("netty_allocator_thread_local_caches", "gauge", "Thread-local caches of the pooled allocator.");
            t.sample("netty_allocator_thread_local_caches", m.numThreadLocalCaches(), "allocator", name);
            t.family("netty_allocator_chunk_size_bytes", "gauge", "Chunk size of the pooled allocator's arenas.");
            t.sample("netty_allocator_chunk_size_bytes", m.chunkSize(), "allocator", name);
            t.family("netty_allocator_active_allocations", "gauge", "Buffers of the pooled allocator in use, all arenas.");
            t.sample("netty_allocator_active_allocations", active(m.heapArenas()), "allocator", name, "memory", "heap");
            t.sample("netty_allocator_active_allocations", active(m.directArenas()), "allocator", name, "memory", "direct");
        }
        long direct = PlatformDependent.usedDirectMemory();
        if (direct >= 0) {
            t.family("netty_direct_memory_used_bytes", "gauge", "Direct memory Netty accounts for itself (all allocators).");
            t.sample("netty_direct_memory_used_bytes", direct);
        }
    }

    private static long active(List<io.netty.buffer.PoolArenaMetric> arenas) {
        long n = 0;
        for (var arena : arenas) {
            n += arena.numActiveAllocations();
        }
        return n;
    }
}
