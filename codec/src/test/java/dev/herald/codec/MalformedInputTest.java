package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random corruption of valid messages: decode and frameLength must answer with a message
 * or a BgpDecodeException, and never through the last-resort guard (that would be a bounds bug).
 */
class MalformedInputTest {
    private static final int ROUNDS = 200_000;

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (BgpMessage m : Samples.all()) {
            seeds.add(Wire.encode(m, CodecContext.FOUR_OCTET));
        }
        seeds.add(Wire.encode(Samples.ipv4Update(), CodecContext.INITIAL));
        return seeds;
    }

    @Test
    void corruptedMessagesNeverEscapeAsOtherExceptions() {
        Random random = new Random(0x4242);
        List<byte[]> seeds = seeds();
        CodecContext[] contexts = {CodecContext.INITIAL, CodecContext.FOUR_OCTET};
        for (int round = 0; round < ROUNDS; round++) {
            byte[] m = mutate(seeds.get(random.nextInt(seeds.size())), random);
            CodecContext ctx = contexts[random.nextInt(contexts.length)];
            ByteBuf buf = Unpooled.wrappedBuffer(m);
            try {
                MessageCodec.frameLength(buf, ctx);
            } catch (BgpDecodeException e) {
                assertFalse(e.getMessage().startsWith(MessageCodec.INTERNAL_FAULT), e.getMessage());
            } catch (RuntimeException e) {
                fail("frameLength threw " + e + " for " + Wire.hex(m), e);
            }
            try {
                MessageCodec.decode(buf, ctx);
                assertEquals(0, buf.readerIndex(), "decode must not move the reader index");
            } catch (BgpDecodeException e) {
                if (e.getMessage().startsWith(MessageCodec.INTERNAL_FAULT)) {
                    fail("the last-resort guard fired for " + Wire.hex(m) + ": " + e.getMessage());
                }
            } catch (RuntimeException e) {
                fail("decode threw " + e + " for " + Wire.hex(m), e);
            } finally {
                buf.release();
            }
        }
    }

    /** Flips bytes, truncates or extends, and usually keeps the header length consistent. */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] m = seed.clone();
        int kind = random.nextInt(4);
        if (kind == 0 && m.length > 19) {
            m = Arrays.copyOf(m, 19 + random.nextInt(m.length - 19));
        } else if (kind == 1) {
            m = Arrays.copyOf(m, m.length + 1 + random.nextInt(8));
            for (int i = seed.length; i < m.length; i++) {
                m[i] = (byte) random.nextInt(256);
            }
        }
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && m.length > 19; i++) {
            int at = 19 + random.nextInt(m.length - 19);
            m[at] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : (byte) (m[at] + random.nextInt(3) - 1);
        }
        if (random.nextInt(10) != 0) {
            m[16] = (byte) (m.length >>> 8);
            m[17] = (byte) m.length;
        } else if (random.nextBoolean()) {
            m[random.nextInt(19)] ^= (byte) (1 << random.nextInt(8));
        }
        return m;
    }

    @Test
    void theLastResortGuardTurnsAnUnexpectedFailureIntoANotification() {
        // A released buffer fails on every access: the only way to reach the guard from outside.
        ByteBuf frame = Unpooled.wrappedBuffer(Wire.encode(Keepalive.INSTANCE, CodecContext.FOUR_OCTET));
        frame.release();
        BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> MessageCodec.decode(frame, CodecContext.FOUR_OCTET));
        assertEquals("1/2", e.code() + "/" + e.subcode());
        assertTrue(e.getMessage().startsWith(MessageCodec.INTERNAL_FAULT), e.getMessage());
    }
}
