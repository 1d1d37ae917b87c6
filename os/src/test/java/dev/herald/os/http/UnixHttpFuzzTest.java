package dev.herald.os.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jazzer fuzz targets for the bytes the unix-socket HTTP layer reads: a server's response as the
 * client's pipeline takes it, and a client's request as the server's does, each on an
 * {@link EmbeddedChannel} with the production pipeline. The first input byte cuts the rest into
 * reads of that many bytes (1 to 256), so the codec's state across reads is fuzzed too.
 * {@code ./mvnw verify} replays the committed corpora under
 * {@code src/test/resources/dev/herald/os/http/UnixHttpFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/fuzzing.md).
 */
class UnixHttpFuzzTest {
    private static final int MAX_BODY = 1 << 16;
    private static final Set<Integer> SERVER_STATUSES = Set.of(100, 200, 400, 413, 417);
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    /**
     * Checks: nothing escapes the pipeline; once the connection ends the reply is settled (a value
     * or an IOException, never left waiting); a reply's body is no longer than the input.
     */
    @FuzzTest(maxDuration = "2m")
    void response(byte[] data) throws Exception {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        EmbeddedChannel ch = new EmbeddedChannel();
        ReplyHandler.install(ch.pipeline(), reply, MAX_BODY);
        // The client codec pairs each response with the request it answers (HEAD has no body).
        ch.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        ch.releaseOutbound();
        feed(ch, data);
        ch.finishAndReleaseAll();
        assertTrue(reply.isDone(), "the reply is settled when the connection ends");
        try {
            Reply r = reply.get();
            assertTrue(r.body().length <= data.length, "a body from nowhere");
            assertTrue(r.status() >= 100 && r.status() <= 999, "status " + r.status());
        } catch (ExecutionException e) {
            assertInstanceOf(IOException.class, e.getCause());
        }
    }

    /**
     * Checks: nothing escapes the pipeline; the handler sees at most one request, with a method
     * and a path; the server answers at most once with 200 (handled) or 400 (malformed), besides
     * the codec's own 100, 413 and 417.
     */
    @FuzzTest(maxDuration = "2m")
    void request(byte[] data) {
        List<Request> seen = new CopyOnWriteArrayList<>();
        RequestHandler h = new RequestHandler(r -> {
            seen.add(r);
            return new Response(200, "{}".getBytes());
        }, why -> new Response(400, "{}".getBytes()), Runnable::run, 60_000);
        EmbeddedChannel ch = new EmbeddedChannel();
        RequestHandler.install(ch.pipeline(), h);
        feed(ch, data);
        ch.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        ch.releaseInbound();
        assertTrue(seen.size() <= 1, "one request per connection");
        for (Request r : seen) {
            assertFalse(r.method().isEmpty());
            assertTrue(r.path() != null && r.query() != null && r.body().length <= data.length);
        }
        Matcher m = STATUS_LINE.matcher(out.toString(StandardCharsets.ISO_8859_1));
        int finals = 0;
        while (m.find()) {
            int status = Integer.parseInt(m.group(1));
            assertTrue(SERVER_STATUSES.contains(status), "status " + status);
            finals += status == 200 || status == 400 ? 1 : 0;
        }
        assertTrue(finals <= 1, "answered at most once");
    }

    private static void feed(EmbeddedChannel ch, byte[] data) {
        int step = data.length == 0 ? 1 : (data[0] & 0xff) + 1;
        for (int i = 1; i < data.length && ch.isOpen(); i += step) {
            ch.writeInbound(Unpooled.wrappedBuffer(data, i, Math.min(step, data.length - i)));
        }
    }
}
