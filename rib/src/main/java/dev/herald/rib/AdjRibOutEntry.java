package dev.herald.rib;

import dev.herald.codec.Prefix;

/**
 * One route in a peer's Adj-RIB-Out, for {@code herald routes --peer}.
 *
 * @param prefix        the prefix
 * @param advertisement next hop and path attributes as sent
 * @param source        the winning candidate's source
 */
public record AdjRibOutEntry(Prefix prefix, Advertisement advertisement, String source) {
    @Override
    public String toString() {
        return prefix + " next-hop " + advertisement.nextHopText() + " " + AttributeText.of(advertisement.attributes())
                + " (" + source + ")";
    }
}
