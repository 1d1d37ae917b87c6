package dev.herald.codec;

/** ROUTE-REFRESH (RFC 2918) with the RFC 7313 subtype (0 normal, 1 BoRR, 2 EoRR). */
public record RouteRefresh(int afi, int subtype, int safi) implements BgpMessage {
    @Override
    public int type() {
        return HeaderCodec.ROUTE_REFRESH;
    }

    /** The family asked for, or null when herald does not speak it. */
    public Family family() {
        return Family.ofCodes(afi, safi);
    }
}
