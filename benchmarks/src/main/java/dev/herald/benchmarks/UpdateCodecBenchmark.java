package dev.herald.benchmarks;

import dev.herald.codec.BgpDecodeException;
import dev.herald.codec.BgpMessage;
import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode of one UPDATE carrying {@code prefixes} prefixes of one family with what
 * herald sends along (ORIGIN, AS_PATH, MED; IPv4 with NEXT_HOP and body NLRI, IPv6 in
 * MP_REACH_NLRI), 4-octet AS session, 4096-byte messages. One operation is one UPDATE: prefixes
 * per second are operations per second times {@code prefixes}, and with {@code -prof gc} the
 * allocation per prefix is gc.alloc.rate.norm divided by {@code prefixes}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class UpdateCodecBenchmark {
    private static final CodecContext CONTEXT = CodecContext.FOUR_OCTET;

    @Param({"1", "10", "500"})
    public int prefixes;

    @Param({"ipv4", "ipv6"})
    public String family;

    private Update update;
    private ByteBuf out;
    private ByteBuf encoded;

    @Setup
    public void setUp() {
        boolean v6 = family.equals("ipv6");
        List<Prefix> nlri = new ArrayList<>(prefixes);
        for (int i = 0; i < prefixes; i++) {
            // IPv4 /24s from 10.0.0.0, IPv6 /48s from 2001:db8::: 4 and 7 bytes on the wire.
            nlri.add(v6 ? Prefix.of(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, (byte) (i >>> 8), (byte) i,
                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 48)
                    : Prefix.of(new byte[] {10, (byte) (i >>> 8), (byte) i, 0}, 24));
        }
        List<PathAttribute> attrs = new ArrayList<>(List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(65010),
                new PathAttribute.MultiExitDisc(100)));
        if (v6) {
            byte[] nextHop = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
            attrs.add(new PathAttribute.MpReachNlri(Family.IPV6_UNICAST, nextHop, nlri));
            update = new Update(List.of(), attrs, List.of());
        } else {
            attrs.add(2, new PathAttribute.NextHop(new byte[] {(byte) 192, 0, 2, 1}));
            update = new Update(List.of(), attrs, nlri);
        }
        out = Unpooled.directBuffer(CodecContext.MAX_MESSAGE);
        encoded = Unpooled.directBuffer(CodecContext.MAX_MESSAGE);
        MessageCodec.encode(update, CONTEXT, encoded);
    }

    @TearDown
    public void tearDown() {
        out.release();
        encoded.release();
    }

    /** Into a reused buffer, as herald writes into the channel's outbound buffer. */
    @Benchmark
    public ByteBuf encode() {
        out.clear();
        MessageCodec.encode(update, CONTEXT, out);
        return out;
    }

    /** A whole frame, as herald's decoder hands it over: the message with its prefixes as objects. */
    @Benchmark
    public BgpMessage decode() throws BgpDecodeException {
        return MessageCodec.decode(encoded, CONTEXT);
    }
}
