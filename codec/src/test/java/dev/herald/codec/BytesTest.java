package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The records that carry raw bytes are values: what a caller does with its arrays cannot change them. */
class BytesTest {

    @Test
    void aRecordKeepsItsOwnCopyOfTheCallersArray() {
        byte[] value = {1, 2, 3};
        PathAttribute.Unknown u = new PathAttribute.Unknown(0xC0, 99, value);
        value[0] = 9;
        byte[] read = u.value().toArray();
        read[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, u.value().toArray());
    }

    @Test
    void recordsWithTheSameBytesAreEqualAndPrintAsHex() {
        Capability.Unknown a = new Capability.Unknown(200, new byte[] {0x0a, (byte) 0xff});
        Capability.Unknown b = new Capability.Unknown(200, Bytes.of((byte) 0x0a, (byte) 0xff));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new Capability.Unknown(200, new byte[] {0x0a}));
        assertEquals("Unknown[code=200, value=0aff]", a.toString());
        assertEquals(new Notification(6, 2, new byte[] {1}), new Notification(6, 2, Bytes.of((byte) 1)));
    }

    @Test
    void emptyAndNullDataAreTheOneEmptyValue() {
        assertSame(Bytes.EMPTY, Bytes.of());
        assertSame(Bytes.EMPTY, new Notification(6, 2, (byte[]) null).data());
        assertEquals(new Notification(6, 2), new Notification(6, 2, new byte[0]));
    }

    @Test
    void writeToStopsAtTheLimit() {
        ByteBuf out = Unpooled.buffer();
        try {
            Bytes.of((byte) 1, (byte) 2, (byte) 3).writeTo(out, 2);
            assertEquals(2, out.readableBytes());
            Bytes.of((byte) 4).writeTo(out, 5);
            assertEquals("010204", io.netty.buffer.ByteBufUtil.hexDump(out));
        } finally {
            out.release();
        }
    }
}
