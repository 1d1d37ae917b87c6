package dev.herald.bfd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.bfd.ControlPacketCodec.Accepted;
import dev.herald.bfd.ControlPacketCodec.Dropped;
import java.util.Arrays;

/**
 * The Jazzer fuzz target of the BFD decoder: every input is a UDP payload as a socket hands it
 * over. {@code ./mvnw verify} replays the committed corpus under
 * {@code src/test/resources/dev/herald/bfd/ControlPacketFuzzTestInputs/decode/};
 * {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md). Invariants:
 * <ul>
 *   <li>no exception escapes: the decoder answers every input with a packet or a reason;</li>
 *   <li>every drop names its {@link DropReason};</li>
 *   <li>an accepted packet re-encodes to the first 24 octets of the input, which is its Length
 *       (bytes past Length are not the packet's), and decodes again to the same value.</li>
 * </ul>
 */
class ControlPacketFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void decode(byte[] data) {
        switch (ControlPacketCodec.decode(data)) {
            case Dropped(DropReason reason) -> assertNotNull(reason);
            case Accepted(ControlPacket p) -> {
                byte[] again = ControlPacketCodec.encode(p);
                assertArrayEquals(Arrays.copyOf(data, ControlPacketCodec.LENGTH), again);
                assertEquals(new Accepted(p), ControlPacketCodec.decode(again));
            }
        }
    }
}
