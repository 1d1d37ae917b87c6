package dev.herald.bfd.io;

import dev.herald.bfd.DropReason;
import java.util.Map;

/**
 * A snapshot of {@link BfdTransport}'s counters: datagrams received and Control packets sent,
 * sends that failed (no route, interface down), and drops per reason, every reason present.
 */
public record TransportStatus(long received, long sent, long sendErrors, Map<DropReason, Long> decodeDrops,
        Map<TransportDrop, Long> transportDrops, int sessions) {
    public TransportStatus {
        decodeDrops = Map.copyOf(decodeDrops);
        transportDrops = Map.copyOf(transportDrops);
    }
}
