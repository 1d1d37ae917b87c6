package dev.herald.rib;

import dev.herald.codec.CodecContext;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a {@link RecordingSink} was sent, read back: per prefix, attribute by attribute, or as wire bytes. */
final class SentRoutes {
    private SentRoutes() {
    }

    /** Per prefix, the attributes of the last UPDATE from {@code from} on that announced it. */
    static Map<Prefix, List<PathAttribute>> held(RecordingSink sink, int from) {
        Map<Prefix, List<PathAttribute>> out = new HashMap<>();
        for (Update u : sink.updates.subList(from, sink.updates.size())) {
            u.withdrawn().forEach(out::remove);
            u.nlri().forEach(p -> out.put(p, u.attributes()));
        }
        return out;
    }

    static <T extends PathAttribute> T attr(List<PathAttribute> attrs, Class<T> type) {
        return attrs.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    /** The UPDATEs from {@code from} on but End-of-RIB, encoded as on the wire. */
    static List<byte[]> wire(RecordingSink sink, int from) {
        List<byte[]> out = new ArrayList<>();
        for (Update u : sink.updates.subList(from, sink.updates.size())) {
            if (u.endOfRibFamily().isEmpty()) {
                out.add(encode(u));
            }
        }
        return out;
    }

    static byte[] encode(Update u) {
        ByteBuf buf = Unpooled.buffer();
        MessageCodec.encode(u, CodecContext.FOUR_OCTET, buf);
        byte[] out = ByteBufUtil.getBytes(buf);
        buf.release();
        return out;
    }
}
