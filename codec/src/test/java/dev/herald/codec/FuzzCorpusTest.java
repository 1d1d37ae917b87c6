package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The seed corpora of {@link CodecFuzzTest}: valid samples in every session context, the
 * malformed-case table, and generated messages. They are committed;
 * {@code ./mvnw -pl codec test -Dtest=FuzzCorpusTest -Dcodec.writeSeeds=true} writes them anew
 * (crash inputs Jazzer found are kept beside them by hand, named crash-*).
 */
class FuzzCorpusTest {
    static final Path CORPORA = Path.of("src/test/resources/dev/herald/codec/CodecFuzzTestInputs");
    static final List<String> TARGETS = List.of("wholeMessage", "attributeList", "capabilityList", "prefixList");

    @Test
    void everyTargetHasACommittedCorpus() throws IOException {
        for (String target : TARGETS) {
            Path dir = CORPORA.resolve(target);
            assertTrue(Files.isDirectory(dir), dir + " is missing");
            try (Stream<Path> files = Files.list(dir)) {
                long n = files.count();
                assertTrue(n >= 20, dir + " holds only " + n + " seeds");
            }
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "codec.writeSeeds", matches = "true")
    void writeSeeds() throws Exception {
        Map<String, Map<String, byte[]>> seeds = new LinkedHashMap<>();
        TARGETS.forEach(t -> seeds.put(t, new LinkedHashMap<>()));
        List<byte[]> messages = new ArrayList<>();
        List<Integer> selectors = new ArrayList<>();
        // 2-octet, 4-octet, and 4-octet with an external peer: the extended-message bit changes
        // only the size limit, which the table's rows and the generated messages cover.
        for (int sel : new int[] {0, 1, 5}) {
            CodecContext ctx = CodecFuzzTest.context(sel);
            int i = 0;
            for (BgpMessage m : Samples.all()) {
                byte[] wire = Wire.encode(m, ctx);
                messages.add(wire);
                selectors.add(sel);
                seeds.get("wholeMessage").put("sample-ctx%d-%02d".formatted(sel, i++), prefixed(sel, wire));
            }
        }
        MessageGenerator gen = new MessageGenerator(4711);
        for (int i = 0; i < 32; i++) {
            int sel = i % 8;
            byte[] wire = Wire.encode(gen.message(CodecFuzzTest.context(sel)), CodecFuzzTest.context(sel));
            messages.add(wire);
            selectors.add(sel);
            seeds.get("wholeMessage").put("generated-%02d".formatted(i), prefixed(sel, wire));
        }
        int i = 0;
        for (MalformedCaseTableTest.Case c : MalformedCaseTableTest.CASES) {
            int sel = (c.ctx().fourOctetAs() ? 1 : 0) | (c.ctx().maxMessageLength() > 4096 ? 2 : 0)
                    | (c.ctx().externalPeer() ? 4 : 0);
            if (c.bytes().length < 2000) {
                seeds.get("wholeMessage").put("malformed-%03d".formatted(i), prefixed(sel, c.bytes()));
            }
            messages.add(c.bytes());
            selectors.add(sel);
            i++;
        }
        seeds.get("wholeMessage").put("stream-of-three", prefixed(1, concat(Wire.encode(Samples.fullOpen(),
                CodecContext.FOUR_OCTET), Wire.encode(Keepalive.INSTANCE, CodecContext.FOUR_OCTET),
                Wire.encode(Samples.ipv4Update(), CodecContext.FOUR_OCTET))));

        for (int m = 0; m < messages.size(); m++) {
            byte[] b = messages.get(m);
            int sel = selectors.get(m);
            if (b.length < 23 || b[18] == 4 || b.length > 2000) {
                continue;
            }
            if (b[18] == 2) {
                int w = u16(b, 19);
                if (21 + w + 2 <= b.length) {
                    int a = u16(b, 21 + w);
                    int from = 23 + w;
                    int to = Math.min(b.length, from + a);
                    seeds.get("attributeList").put("from-%03d".formatted(m),
                            prefixed(sel, Arrays.copyOfRange(b, from, to)));
                    if (to < b.length) {
                        seeds.get("prefixList").put("nlri-%03d".formatted(m), prefixed(0, Arrays.copyOfRange(b, to, b.length)));
                    }
                    if (w > 0 && 21 + w <= b.length) {
                        seeds.get("prefixList").put("withdrawn-%03d".formatted(m), prefixed(0, Arrays.copyOfRange(b, 21, 21 + w)));
                    }
                }
            }
            if (b[18] == 1 && b.length > 31 && b[29] == 2) {
                int len = b[30] & 0xFF;
                seeds.get("capabilityList").put("from-%03d".formatted(m),
                        Arrays.copyOfRange(b, 31, Math.min(b.length, 31 + len)));
            }
        }
        for (Capability c : Samples.fullOpen().capabilities()) {
            ByteBuf out = Unpooled.buffer();
            CapabilityCodec.write(out, c);
            byte[] one = new byte[out.readableBytes()];
            out.readBytes(one);
            out.release();
            seeds.get("capabilityList").put("capability-" + c.code(), one);
        }
        for (PathAttribute a : Samples.ipv6Update(Samples.NH6_GLOBAL).attributes()) {
            if (a instanceof PathAttribute.MpReachNlri r) {
                ByteBuf out = Unpooled.buffer();
                PrefixCodec.writeAll(out, r.nlri(), Afi.IPV6, "x");
                byte[] v6 = new byte[out.readableBytes()];
                out.readBytes(v6);
                out.release();
                seeds.get("prefixList").put("ipv6", prefixed(1, v6));
            }
        }
        seeds.get("prefixList").put("ipv6-too-long", prefixed(1, Wire.hex("81 20")));
        seeds.get("prefixList").put("ipv4-too-long", prefixed(0, Wire.hex("21 c0000201 00")));
        seeds.get("prefixList").put("ipv4-overrun", prefixed(0, Wire.hex("18 c633")));
        seeds.get("prefixList").put("ipv4-host-bits", prefixed(0, Wire.hex("17 c63365")));

        for (var target : seeds.entrySet()) {
            Path dir = CORPORA.resolve(target.getKey());
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    if (!p.getFileName().toString().startsWith("crash-")) {
                        Files.delete(p);
                    }
                }
            }
            java.util.Set<String> written = new java.util.HashSet<>();
            for (var seed : target.getValue().entrySet()) {
                if (written.add(Wire.hex(seed.getValue()))) {
                    Files.write(dir.resolve(seed.getKey()), seed.getValue());
                }
            }
            System.out.println(target.getKey() + ": " + written.size() + " distinct seeds");
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static byte[] prefixed(int selector, byte[] b) {
        byte[] out = new byte[b.length + 1];
        out[0] = (byte) selector;
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            out = Samples.concat(out, p);
        }
        return out;
    }
}
