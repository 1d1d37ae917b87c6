package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A NOTIFICATION whose data would not fit the maximum message size is sent with its data cut
 * (RFC 8654 5), never dropped: the peer must still learn why the session ends.
 */
class NotificationTruncationTest {

    private static byte[] data(int length) {
        byte[] d = new byte[length];
        for (int i = 0; i < length; i++) {
            d[i] = (byte) i;
        }
        return d;
    }

    @Test
    void dataPastTheMaximumMessageSizeIsTruncated() throws Exception {
        Notification n = new Notification(Notification.CEASE, Notification.CEASE_ADMIN_RESET, data(5000));
        byte[] wire = Wire.encode(n, CodecContext.FOUR_OCTET);
        assertEquals(CodecContext.MAX_MESSAGE, wire.length);
        Notification decoded = (Notification) Wire.decode(wire, CodecContext.FOUR_OCTET);
        assertEquals(6, decoded.code());
        assertEquals(4, decoded.subcode());
        assertArrayEquals(Arrays.copyOf(data(5000), CodecContext.MAX_MESSAGE - 21), decoded.data().toArray(),
                "the leading part of the data is kept");
    }

    @Test
    void extendedMessagesLeaveRoomForMoreData() throws Exception {
        CodecContext extended = new CodecContext(true, CodecContext.MAX_EXTENDED_MESSAGE);
        Notification n = new Notification(Notification.CEASE, Notification.CEASE_ADMIN_RESET, data(5000));
        assertEquals(n, Wire.decode(Wire.encode(n, extended), extended));
        byte[] wire = Wire.encode(new Notification(6, 4, data(70_000)), extended);
        assertEquals(CodecContext.MAX_EXTENDED_MESSAGE, wire.length);
    }

    @Test
    void dataThatFitsIsUntouched() throws Exception {
        Notification n = new Notification(Notification.CEASE, Notification.CEASE_ADMIN_RESET,
                data(CodecContext.MAX_MESSAGE - 21));
        assertEquals(n, Wire.decode(Wire.encode(n, CodecContext.FOUR_OCTET), CodecContext.FOUR_OCTET));
    }

    /** RFC 7313 5: the 7/1 for a BoRR of 4096 bytes carries the message, which must be cut to fit. */
    @Test
    void theRouteRefreshErrorForAMaximumSizeBorrCanBeSent() throws Exception {
        byte[] borr = Wire.message(5, "0001 01 01" + "00".repeat(CodecContext.MAX_MESSAGE - 23));
        assertEquals(CodecContext.MAX_MESSAGE, borr.length);
        BgpDecodeException e = Wire.decodeError(borr, CodecContext.FOUR_OCTET);
        assertEquals(7, e.code());
        assertEquals(1, e.subcode());
        byte[] wire = Wire.encode(e.notification(), CodecContext.FOUR_OCTET);
        Notification sent = (Notification) Wire.decode(wire, CodecContext.FOUR_OCTET);
        assertArrayEquals(Arrays.copyOf(borr, CodecContext.MAX_MESSAGE - 21), sent.data().toArray());
    }
}
