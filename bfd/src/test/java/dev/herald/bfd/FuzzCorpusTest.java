package dev.herald.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The seed corpus of {@link ControlPacketFuzzTest}: a packet in every state, and one input per
 * {@link DropReason}. Committed; {@code ./mvnw -pl bfd test -Dtest=FuzzCorpusTest
 * -Dbfd.writeSeeds=true} writes it anew (crash inputs Jazzer found are kept, named crash-*).
 */
class FuzzCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/dev/herald/bfd/ControlPacketFuzzTestInputs/decode");

    static Map<String, byte[]> seeds() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] up = ControlPacketCodecTest.UP;
        s.put("up", up);
        s.put("down-no-your-discriminator", hex("20 40 03 18 00000001 00000000 000f4240 000f4240 00000000"));
        s.put("init", hex("20 80 03 18 00000001 00000002 000f4240 000f4240 00000000"));
        s.put("admin-down-diag7", hex("27 00 03 18 00000001 00000000 000f4240 000f4240 00000000"));
        s.put("poll", hex("20 e0 03 18 00000001 00000002 000186a0 000186a0 00000000"));
        s.put("final", hex("20 d0 03 18 00000001 00000002 000186a0 000186a0 00000000"));
        s.put("cpi-demand", hex("20 ca 01 18 ffffffff ffffffff ffffffff ffffffff ffffffff"));
        s.put("trailing-bytes", hex("3f 40 01 18 00000005 00000000 000f4240 000f4240 00000000 dead"));
        s.put("truncated", hex("20 c0 03"));
        s.put("bad-version", ControlPacketCodecTest.withByte(up, 0, 0x40));
        s.put("bad-length", ControlPacketCodecTest.withByte(up, 3, 23));
        s.put("length-28-no-auth", java.util.Arrays.copyOf(ControlPacketCodecTest.withByte(up, 3, 28), 28));
        s.put("length-exceeds-datagram", java.util.Arrays.copyOf(up, 20));
        s.put("zero-detect-mult", ControlPacketCodecTest.withByte(up, 2, 0));
        s.put("multipoint", ControlPacketCodecTest.withByte(up, 1, 0xc1));
        s.put("zero-my-discriminator", hex("20 c0 03 18 00000000 00000002 000493e0 000493e0 00000000"));
        s.put("zero-your-discriminator-up", hex("20 c0 03 18 00000001 00000000 000493e0 000493e0 00000000"));
        s.put("auth-simple-password", hex("20 c4 03 1f 00000001 00000002 000493e0 000493e0 00000000 01 07 01 73656372"));
        s.put("auth-length-25", hex("20 c4 03 19 00000001 00000002 000493e0 000493e0 00000000 01"));
        s.put("empty", new byte[0]);
        return s;
    }

    @Test
    void theCorpusHoldsEverySeedAndEveryDropReason() throws IOException {
        Set<DropReason> reasons = EnumSet.noneOf(DropReason.class);
        for (var seed : seeds().entrySet()) {
            Path file = CORPUS.resolve(seed.getKey());
            assertTrue(Files.isRegularFile(file), file + " is missing: write the seeds (class doc)");
            assertEquals(HexFormat.of().formatHex(seed.getValue()), HexFormat.of().formatHex(Files.readAllBytes(file)));
            if (ControlPacketCodec.decode(seed.getValue()) instanceof ControlPacketCodec.Dropped(DropReason r)) {
                reasons.add(r);
            }
        }
        assertEquals(EnumSet.allOf(DropReason.class), reasons);
    }

    @Test
    @EnabledIfSystemProperty(named = "bfd.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Files.createDirectories(CORPUS);
        try (Stream<Path> old = Files.list(CORPUS)) {
            for (Path p : old.toList()) {
                if (!p.getFileName().toString().startsWith("crash-")) {
                    Files.delete(p);
                }
            }
        }
        for (var seed : seeds().entrySet()) {
            Files.write(CORPUS.resolve(seed.getKey()), seed.getValue());
        }
    }

    private static byte[] hex(String s) {
        return ControlPacketCodecTest.hex(s);
    }
}
