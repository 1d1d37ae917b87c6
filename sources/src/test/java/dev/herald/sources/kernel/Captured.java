package dev.herald.sources.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The captured datagrams in src/test/resources/netlink (see its README). */
final class Captured {
    private Captured() {
    }

    static List<ByteBuffer> datagrams(String name) {
        try (InputStream in = Captured.class.getResourceAsStream("/netlink/" + name)) {
            List<ByteBuffer> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank()) {
                    out.add(ByteBuffer.wrap(HexFormat.of().parseHex(line.trim())).order(ByteOrder.LITTLE_ENDIAN));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<NetlinkMessage> messages(String name) {
        List<NetlinkMessage> out = new ArrayList<>();
        for (ByteBuffer b : datagrams(name)) {
            out.addAll(NetlinkCodec.parse(b));
        }
        return out;
    }

    static List<RouteMessage> routes(String name) {
        return messages(name).stream().filter(m -> m instanceof NetlinkMessage.Route)
                .map(m -> ((NetlinkMessage.Route) m).route()).toList();
    }
}
