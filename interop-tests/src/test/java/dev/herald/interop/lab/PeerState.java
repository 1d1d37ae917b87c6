package dev.herald.interop.lab;

import java.net.InetAddress;

/** A router's view of one BGP neighbour. {@code remoteAs} is 0 when the router does not say. */
public record PeerState(InetAddress neighbor, long remoteAs, BgpState state) {
    public boolean established() {
        return state == BgpState.ESTABLISHED;
    }

    @Override
    public String toString() {
        return IpPrefix.format(neighbor) + " AS" + remoteAs + " " + state;
    }
}
