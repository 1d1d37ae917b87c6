package dev.herald.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** Builds the exceptions the decoder throws, so every code and data layout lives in one place. */
final class DecodeErrors {
    // RFC 4271 section 6 error codes and subcodes, named as there.
    static final int CONNECTION_NOT_SYNCHRONIZED = 1;
    static final int BAD_MESSAGE_LENGTH = 2;
    static final int BAD_MESSAGE_TYPE = 3;

    static final int UNSPECIFIC = 0;
    static final int UNSUPPORTED_VERSION_NUMBER = 1;
    static final int BAD_PEER_AS = 2;
    static final int BAD_BGP_IDENTIFIER = 3;
    static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
    static final int UNACCEPTABLE_HOLD_TIME = 6;

    static final int MALFORMED_ATTRIBUTE_LIST = 1;
    static final int UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
    static final int MISSING_WELL_KNOWN_ATTRIBUTE = 3;
    static final int ATTRIBUTE_FLAGS_ERROR = 4;
    static final int ATTRIBUTE_LENGTH_ERROR = 5;
    static final int INVALID_ORIGIN_ATTRIBUTE = 6;
    static final int INVALID_NEXT_HOP_ATTRIBUTE = 8;
    static final int OPTIONAL_ATTRIBUTE_ERROR = 9;
    static final int INVALID_NETWORK_FIELD = 10;
    static final int MALFORMED_AS_PATH = 11;

    static final int INVALID_MESSAGE_LENGTH = 1; // ROUTE-REFRESH Message Error subcode, RFC 7313

    private DecodeErrors() {
    }

    static byte[] u16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    /** 1/2, whose data RFC 4271 6.1 defines as the erroneous Length field. */
    static BgpDecodeException badLength(int length, String reason) {
        return new BgpDecodeException(Notification.MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, u16(length), reason);
    }

    static BgpDecodeException header(int subcode, byte[] data, String reason) {
        return new BgpDecodeException(Notification.MESSAGE_HEADER_ERROR, subcode, data, reason);
    }

    static BgpDecodeException open(int subcode, String reason) {
        return new BgpDecodeException(Notification.OPEN_MESSAGE_ERROR, subcode, new byte[0], reason);
    }

    static BgpDecodeException open(int subcode, byte[] data, String reason) {
        return new BgpDecodeException(Notification.OPEN_MESSAGE_ERROR, subcode, data, reason);
    }

    /** An UPDATE error that resets the session, also under RFC 7606. */
    static BgpDecodeException update(int subcode, byte[] data, String reason) {
        return new BgpDecodeException(Notification.UPDATE_MESSAGE_ERROR, subcode, data, reason, false);
    }

    static BgpDecodeException update(int subcode, String reason) {
        return update(subcode, new byte[0], reason);
    }

    /** An UPDATE error for which RFC 7606 prescribes treat-as-withdraw. */
    static BgpDecodeException withdraw(int subcode, byte[] data, String reason) {
        return new BgpDecodeException(Notification.UPDATE_MESSAGE_ERROR, subcode, data, reason, true);
    }

    /** The bytes of {@code length} bytes at {@code index}, for data fields that quote the message. */
    static byte[] bytes(ByteBuf buf, int index, int length) {
        return ByteBufUtil.getBytes(buf, index, length);
    }
}
