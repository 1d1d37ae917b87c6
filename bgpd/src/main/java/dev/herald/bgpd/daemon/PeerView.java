package dev.herald.bgpd.daemon;

import dev.herald.codec.Family;
import dev.herald.fsm.transport.MessageCounts;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One configured peer as the admin API and the metrics show it.
 *
 * @param state         RFC 4271 state name (Idle, Connect, Active, OpenSent, OpenConfirm, Established)
 * @param adminDown     stopped with {@code herald peer NAME disable}
 * @param since         when the current session became Established; null when not Established
 * @param flaps         Established sessions that ended since herald started this peer
 * @param lastError     why the last session or attempt ended ("" when none has)
 * @param families      families negotiated by the current session (empty when not Established)
 * @param capabilities  capabilities both sides sent in the current session
 * @param nextHops      per negotiated family: the next hop, or why that family is held back
 * @param advertised    per negotiated family: prefixes in the Adj-RIB-Out
 * @param messages      messages in and out by type since herald started this peer
 * @param pendingPrefixes prefixes whose newest state waits for the peer's socket to take more
 *                      (one each, however often it changed; 0 when not Established)
 * @param queuedBytes   bytes written for the peer that its socket has not taken yet
 * @param bfd           the peer's BFD session; null when bfd is not enabled for it
 * @param healthHolds   the Down health checks holding back or degrading routes it would be sent, with
 *                      how many (empty when not Established or every check is healthy)
 */
public record PeerView(String name, String address, int port, long asn, boolean passive, String state,
                       boolean adminDown, Instant since, String localAddress, String remoteAddress,
                       long peerAsn, String peerRouterId, int holdTime, long flaps, String lastError,
                       List<Family> families, List<String> capabilities, Map<Family, String> nextHops,
                       Map<Family, String> heldBack, Map<Family, Integer> advertised, MessageCounts messages,
                       long pendingPrefixes, long queuedBytes, BfdView bfd,
                       List<dev.herald.rib.HealthHold> healthHolds) {
    public PeerView {
        healthHolds = List.copyOf(healthHolds);
    }

    /** A peer no health check holds anything back from. */
    public PeerView(String name, String address, int port, long asn, boolean passive, String state,
                    boolean adminDown, Instant since, String localAddress, String remoteAddress,
                    long peerAsn, String peerRouterId, int holdTime, long flaps, String lastError,
                    List<Family> families, List<String> capabilities, Map<Family, String> nextHops,
                    Map<Family, String> heldBack, Map<Family, Integer> advertised, MessageCounts messages,
                    long pendingPrefixes, long queuedBytes, BfdView bfd) {
        this(name, address, port, asn, passive, state, adminDown, since, localAddress, remoteAddress, peerAsn,
                peerRouterId, holdTime, flaps, lastError, families, capabilities, nextHops, heldBack, advertised,
                messages, pendingPrefixes, queuedBytes, bfd, List.of());
    }

    /** A peer without BFD. */
    public PeerView(String name, String address, int port, long asn, boolean passive, String state,
                    boolean adminDown, Instant since, String localAddress, String remoteAddress,
                    long peerAsn, String peerRouterId, int holdTime, long flaps, String lastError,
                    List<Family> families, List<String> capabilities, Map<Family, String> nextHops,
                    Map<Family, String> heldBack, Map<Family, Integer> advertised, MessageCounts messages,
                    long pendingPrefixes, long queuedBytes) {
        this(name, address, port, asn, passive, state, adminDown, since, localAddress, remoteAddress, peerAsn,
                peerRouterId, holdTime, flaps, lastError, families, capabilities, nextHops, heldBack, advertised,
                messages, pendingPrefixes, queuedBytes, null);
    }
}
