package dev.herald.codec;

import java.util.List;
import java.util.Optional;

/**
 * OPEN (RFC 4271 4.2) with its capabilities (RFC 5492).
 *
 * @param version      BGP version, 4
 * @param myAsField    the 2-octet "My Autonomous System" field (AS_TRANS 23456 for 4-octet ASes)
 * @param holdTime     proposed hold time in seconds (0 or at least 3)
 * @param bgpIdentifier the BGP Identifier as an unsigned 32-bit value in an int
 * @param capabilities capabilities in the order they appeared (or will be sent)
 */
public record Open(int version, int myAsField, int holdTime, int bgpIdentifier, List<Capability> capabilities)
        implements BgpMessage {
    public static final int AS_TRANS = 23456;

    public Open {
        capabilities = List.copyOf(capabilities);
    }

    /** An OPEN for this AS: puts AS_TRANS in the 2-octet field when the AS needs 4 octets. */
    public static Open of(long asn, int holdTime, int bgpIdentifier, List<Capability> capabilities) {
        int field = asn > 0xFFFF ? AS_TRANS : (int) asn;
        return new Open(4, field, holdTime, bgpIdentifier, capabilities);
    }

    @Override
    public int type() {
        return HeaderCodec.OPEN;
    }

    /** The speaker's real AS: the 4-octet AS capability's value if present, else the 2-octet field. */
    public long asn() {
        return capability(Capability.FourOctetAs.class).map(Capability.FourOctetAs::asn).orElse((long) myAsField);
    }

    /** The first capability of this type, if any. */
    public <T extends Capability> Optional<T> capability(Class<T> type) {
        for (Capability c : capabilities) {
            if (type.isInstance(c)) {
                return Optional.of(type.cast(c));
            }
        }
        return Optional.empty();
    }

    /** All capabilities of this type. */
    public <T extends Capability> List<T> capabilities(Class<T> type) {
        return capabilities.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
