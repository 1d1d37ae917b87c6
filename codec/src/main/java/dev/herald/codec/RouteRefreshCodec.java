package dev.herald.codec;

import io.netty.buffer.ByteBuf;

/**
 * ROUTE-REFRESH (RFC 2918) with the RFC 7313 subtype. Subtypes other than 0, 1 and 2 decode as
 * they are: RFC 7313 says to ignore such messages, which is the session's decision to make.
 */
final class RouteRefreshCodec {
    static final int MIN_LENGTH = MessageCodec.HEADER_LENGTH + 4;
    private static final int BEGIN_OF_ROUTE_REFRESH = 1;
    private static final int END_OF_ROUTE_REFRESH = 2;

    private RouteRefreshCodec() {
    }

    /** {@code frame} is the whole message, for the data of the 7/1 error. */
    static RouteRefresh decode(ByteBuf frame, ByteBuf body) throws BgpDecodeException {
        int afi = body.readUnsignedShort();
        int subtype = body.readUnsignedByte();
        int safi = body.readUnsignedByte();
        if (body.isReadable() && (subtype == BEGIN_OF_ROUTE_REFRESH || subtype == END_OF_ROUTE_REFRESH)) {
            // RFC 7313 5: a BoRR/EoRR must be exactly 4 bytes long; the data is the whole message.
            throw new BgpDecodeException(Notification.ROUTE_REFRESH_ERROR, DecodeErrors.INVALID_MESSAGE_LENGTH,
                    DecodeErrors.bytes(frame, frame.readerIndex(), frame.readableBytes()),
                    "ROUTE-REFRESH subtype " + subtype + " longer than 4 bytes");
        }
        // A normal refresh may carry RFC 5291 ORF entries after the family; herald does not
        // support ORF (it never advertises the capability), so they are ignored.
        return new RouteRefresh(afi, subtype, safi);
    }

    static void encode(RouteRefresh r, ByteBuf out) {
        out.writeShort(EncodeChecks.u16(r.afi(), "AFI"));
        out.writeByte(EncodeChecks.u8(r.subtype(), "subtype"));
        out.writeByte(EncodeChecks.u8(r.safi(), "SAFI"));
    }
}
