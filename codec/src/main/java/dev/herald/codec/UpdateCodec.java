package dev.herald.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** UPDATE (RFC 4271 4.3): withdrawn routes, path attributes, NLRI. */
final class UpdateCodec {
    static final int MIN_LENGTH = MessageCodec.HEADER_LENGTH + 4;

    private UpdateCodec() {
    }

    static Update decode(ByteBuf body, CodecContext ctx) throws BgpDecodeException {
        int withdrawnLength = body.readUnsignedShort();
        if (withdrawnLength > body.readableBytes() - 2) {
            throw DecodeErrors.update(DecodeErrors.MALFORMED_ATTRIBUTE_LIST,
                    "withdrawn routes length " + withdrawnLength + " exceeds the message");
        }
        ByteBuf withdrawnField = body.readSlice(withdrawnLength);
        int attributesLength = body.readUnsignedShort();
        if (attributesLength > body.readableBytes()) {
            throw DecodeErrors.update(DecodeErrors.MALFORMED_ATTRIBUTE_LIST,
                    "total path attribute length " + attributesLength + " exceeds the message");
        }
        ByteBuf attributeList = body.readSlice(attributesLength);

        List<Prefix> withdrawn = PrefixCodec.readAll(withdrawnField, Afi.IPV4, DecodeErrors.INVALID_NETWORK_FIELD,
                null, "withdrawn routes");
        AttributeCodec.Decoded attributes = AttributeCodec.readAll(attributeList, ctx);
        List<Prefix> nlri = PrefixCodec.readAll(body, Afi.IPV4, DecodeErrors.INVALID_NETWORK_FIELD, null, "NLRI");

        List<UpdateError> errors = nlri.isEmpty() ? withoutNextHopErrors(attributes.errors()) : attributes.errors();
        UpdateError missing = missingWellKnown(attributes.present(), attributes.attributes(), !nlri.isEmpty());
        if (missing != null) {
            errors = new java.util.ArrayList<>(errors);
            errors.add(missing);
        }
        return new Update(withdrawn, attributes.attributes(), nlri, errors);
    }

    /**
     * RFC 4271 5 requires ORIGIN and AS_PATH on any UPDATE that announces routes, and NEXT_HOP
     * when it announces IPv4 routes in the message body (RFC 4760 makes NEXT_HOP optional for MP
     * routes). RFC 7606 3.d turns a missing one into treat-as-withdraw. An attribute that was
     * present but malformed has its own error already.
     */
    private static UpdateError missingWellKnown(boolean[] present, List<PathAttribute> attributes, boolean bodyNlri) {
        boolean announces = bodyNlri;
        for (PathAttribute a : attributes) {
            announces |= a instanceof PathAttribute.MpReachNlri;
        }
        if (!announces) {
            return null;
        }
        int missing = !present[AttributeCodec.ORIGIN] ? AttributeCodec.ORIGIN
                : !present[AttributeCodec.AS_PATH] ? AttributeCodec.AS_PATH
                : bodyNlri && !present[AttributeCodec.NEXT_HOP] ? AttributeCodec.NEXT_HOP
                : 0;
        return missing == 0 ? null : new UpdateError(UpdateError.Action.TREAT_AS_WITHDRAW, missing,
                new Notification(Notification.UPDATE_MESSAGE_ERROR, DecodeErrors.MISSING_WELL_KNOWN_ATTRIBUTE,
                        new byte[] {(byte) missing}), "missing well-known attribute " + missing);
    }

    /**
     * RFC 4760 3: an UPDATE whose only NLRI are in MP_REACH_NLRI (or that has none) should carry no
     * NEXT_HOP, and the receiver should ignore one that it carries; so it is not validated and its
     * errors do not withdraw the MP routes (RFC 7606 7.3 applies to the NEXT_HOP of IPv4 NLRI).
     */
    private static List<UpdateError> withoutNextHopErrors(List<UpdateError> errors) {
        return errors.stream().filter(e -> e.attributeType() != AttributeCodec.NEXT_HOP).toList();
    }

    static void encode(Update u, CodecContext ctx, ByteBuf out) {
        int withdrawnStart = out.writerIndex();
        out.writeShort(0);
        PrefixCodec.writeAll(out, u.withdrawn(), Afi.IPV4, "withdrawn routes");
        patchLength(out, withdrawnStart);
        int attributesStart = out.writerIndex();
        out.writeShort(0);
        AttributeCodec.writeAll(out, u.attributes(), ctx);
        patchLength(out, attributesStart);
        PrefixCodec.writeAll(out, u.nlri(), Afi.IPV4, "NLRI");
    }

    private static void patchLength(ByteBuf out, int at) {
        int length = out.writerIndex() - at - 2;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("UPDATE field of " + length + " bytes cannot be encoded");
        }
        out.setShort(at, length);
    }
}
