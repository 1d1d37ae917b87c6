package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.OptionalLong;

/**
 * One BFD session as a lab router shows it, in the shape common to FRR and BIRD.
 *
 * @param peer          the remote address
 * @param multihop      RFC 5883 session (FRR says so; BIRD shows no interface for one)
 * @param up            state Up
 * @param remoteMinTxMs the peer's Desired Min TX Interval as the router received it, when it shows it (FRR)
 * @param detectTimeMs  the router's detection time for the peer, in ms (FRR: the peer's Detect Mult x
 *                      max(router's Required Min RX, peer's Desired Min TX); BIRD: "Timeout")
 * @param flapMarker    changes whenever the session went Down and Up again (FRR: its down-event
 *                      counter; BIRD: the time the state last changed, "Since")
 */
public record RouterBfdSession(InetAddress peer, boolean multihop, boolean up, OptionalLong remoteMinTxMs, long detectTimeMs,
                               String flapMarker) {
}
