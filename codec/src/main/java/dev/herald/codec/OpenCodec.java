package dev.herald.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * OPEN (RFC 4271 4.2) and its optional parameters, in the classic form and in the RFC 9072
 * extended form (2-byte lengths announced by a 255/255 prefix).
 *
 * <p>Malformed parameter framing (lengths that disagree with the message) is 2/0, OPEN Message
 * Error with the Unspecific subcode RFC 4271 4.5 provides when no subcode fits.
 */
final class OpenCodec {
    static final int MIN_LENGTH = MessageCodec.HEADER_LENGTH + 10;
    static final int VERSION = 4;
    static final int CAPABILITIES_PARAMETER = 2;
    static final int EXTENDED_PARAMETERS = 255;

    private OpenCodec() {
    }

    static Open decode(ByteBuf body) throws BgpDecodeException {
        int version = body.readUnsignedByte();
        if (version != VERSION) {
            // RFC 4271 6.2: the data is the largest version we support below the peer's bid,
            // or our smallest; with only version 4 both are 4.
            throw DecodeErrors.open(DecodeErrors.UNSUPPORTED_VERSION_NUMBER, DecodeErrors.u16(VERSION),
                    "unsupported BGP version " + version);
        }
        int myAs = body.readUnsignedShort();
        int holdTime = body.readUnsignedShort();
        int bgpIdentifier = body.readInt();
        int optLength = body.readUnsignedByte();
        if (myAs == 0) {
            throw DecodeErrors.open(DecodeErrors.BAD_PEER_AS, "My AS is 0 (RFC 7607)");
        }
        if (holdTime == 1 || holdTime == 2) {
            throw DecodeErrors.open(DecodeErrors.UNACCEPTABLE_HOLD_TIME, "hold time " + holdTime);
        }
        if (bgpIdentifier == 0) {
            throw DecodeErrors.open(DecodeErrors.BAD_BGP_IDENTIFIER, "BGP Identifier is 0");
        }
        List<Capability> capabilities = new ArrayList<>();
        boolean extended = optLength == EXTENDED_PARAMETERS && body.isReadable()
                && body.getUnsignedByte(body.readerIndex()) == EXTENDED_PARAMETERS;
        if (extended) {
            if (body.readableBytes() < 3) {
                throw DecodeErrors.open(DecodeErrors.UNSPECIFIC, "truncated extended optional parameters length");
            }
            body.skipBytes(1);
            optLength = body.readUnsignedShort();
        }
        if (optLength != body.readableBytes()) {
            throw DecodeErrors.open(DecodeErrors.UNSPECIFIC, "optional parameters length " + optLength + " but "
                    + body.readableBytes() + " bytes follow");
        }
        int lengthBytes = extended ? 2 : 1;
        while (body.isReadable()) {
            if (body.readableBytes() < 1 + lengthBytes) {
                throw DecodeErrors.open(DecodeErrors.UNSPECIFIC, "truncated optional parameter header");
            }
            int type = body.readUnsignedByte();
            int length = extended ? body.readUnsignedShort() : body.readUnsignedByte();
            if (length > body.readableBytes()) {
                throw DecodeErrors.open(DecodeErrors.UNSPECIFIC, "optional parameter " + type + " of length "
                        + length + " runs past the message");
            }
            ByteBuf value = body.readSlice(length);
            if (type != CAPABILITIES_PARAMETER) {
                throw DecodeErrors.open(DecodeErrors.UNSUPPORTED_OPTIONAL_PARAMETER,
                        "unsupported optional parameter " + type);
            }
            CapabilityCodec.readAll(value, capabilities);
        }
        return new Open(version, myAs, holdTime, bgpIdentifier, capabilities);
    }

    /**
     * All capabilities go in one parameter 2. The RFC 9072 form is used only when they do not
     * fit the classic 255-byte field, so peers without RFC 9072 see the classic form whenever
     * it is possible.
     */
    static void encode(Open open, ByteBuf out) {
        out.writeByte(EncodeChecks.u8(open.version(), "version"));
        out.writeShort(EncodeChecks.u16(open.myAsField(), "My AS"));
        out.writeShort(EncodeChecks.u16(open.holdTime(), "hold time"));
        out.writeInt(open.bgpIdentifier());
        int capsLength = 0;
        for (Capability c : open.capabilities()) {
            capsLength += CapabilityCodec.wireSize(c);
        }
        if (open.capabilities().isEmpty()) {
            out.writeByte(0);
        } else if (capsLength + 2 <= 255) {
            out.writeByte(capsLength + 2);
            out.writeByte(CAPABILITIES_PARAMETER);
            out.writeByte(capsLength);
        } else {
            out.writeByte(EXTENDED_PARAMETERS);
            out.writeByte(EXTENDED_PARAMETERS);
            out.writeShort(EncodeChecks.u16(capsLength + 3, "optional parameters length"));
            out.writeByte(CAPABILITIES_PARAMETER);
            out.writeShort(capsLength);
        }
        for (Capability c : open.capabilities()) {
            CapabilityCodec.write(out, c);
        }
    }
}
