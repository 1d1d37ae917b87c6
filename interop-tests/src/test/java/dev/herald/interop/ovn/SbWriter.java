package dev.herald.interop.ovn;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes Advertised_Route rows straight into a standalone SB over its unix socket (JSON-RPC
 * {@code transact}, one request at a time): what northd would write, for benchmarks that need
 * exact control over when a commit happens. Independent of herald's own OVSDB client.
 */
final class SbWriter implements AutoCloseable {
    /** Replies are read one after another from one stream: nothing is expected after each value. */
    private static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final SocketChannel ch;
    /** Made on the first reply: Jackson reads ahead to detect the encoding, which blocks until the server speaks. */
    private JsonParser parser;
    private long id;

    SbWriter(Path socket) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
    }

    /** Sends one transaction of {@code ops} (a JSON array body without brackets); returns the result when the commit is acknowledged. */
    JsonNode transact(String ops) throws IOException {
        long my = ++id;
        String msg = "{\"id\":" + my + ",\"method\":\"transact\",\"params\":[\"OVN_Southbound\"," + ops + "]}";
        ByteBuffer b = ByteBuffer.wrap(msg.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
        if (parser == null) {
            InputStream in = Channels.newInputStream(ch);
            parser = JSON.createParser(in);
        }
        while (true) {
            JsonNode reply = JSON.readTree(parser);
            if (reply == null) {
                throw new IOException("the SB closed the connection");
            }
            if (reply.path("method").asString("").equals("echo")) {
                continue;
            }
            if (reply.path("id").asLong(-1) == my) {
                if (!reply.path("error").isNull() && !reply.path("error").isMissingNode()) {
                    throw new IOException("transact failed: " + reply.path("error"));
                }
                for (JsonNode r : reply.path("result")) {
                    if (r.has("error")) {
                        throw new IOException("transact failed: " + r);
                    }
                }
                return reply.path("result");
            }
        }
    }

    /** An insert op for one Advertised_Route row. */
    static String insert(String datapath, String logicalPort, String prefix) {
        return "{\"op\":\"insert\",\"table\":\"Advertised_Route\",\"row\":{\"datapath\":[\"uuid\",\"" + datapath
                + "\"],\"logical_port\":[\"uuid\",\"" + logicalPort + "\"],\"ip_prefix\":\"" + prefix + "\"}}";
    }

    static String delete(String uuid) {
        return "{\"op\":\"delete\",\"table\":\"Advertised_Route\",\"where\":[[\"_uuid\",\"==\",[\"uuid\",\"" + uuid + "\"]]]}";
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
