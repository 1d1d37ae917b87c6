package dev.herald.interop.faults;

import dev.herald.interop.lab.Netns;
import dev.herald.interop.lab.NetnsSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * herald's Java heap as its metrics endpoint reports it (jvm_memory_used_bytes and
 * jvm_memory_committed_bytes, area heap): tells a heap that is merely sized up by the GC
 * (committed grows, used after collections does not) from one that fills up.
 */
record HeapReading(long usedMiB, long committedMiB) {
    static final HeapReading NONE = new HeapReading(-1, -1);

    /** Reads {@code GET /metrics} on 127.0.0.1:{@code port} in {@code ns}; NONE if it cannot. */
    static HeapReading read(Netns ns, int port) {
        try (Socket s = NetnsSocket.connect(ns, new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", port))) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: herald\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new HeapReading(mib(text, "jvm_memory_used_bytes"), mib(text, "jvm_memory_committed_bytes"));
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    /** The sum over the heap's pools (Micrometer's series are per pool: {@code {area="heap",id="G1 Eden Space"}}). */
    private static long mib(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{area=\"heap\",id=\"[^\"]*\"\\} (\\S+)").matcher(text);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
            found = true;
        }
        return found ? (long) (sum / (1024 * 1024)) : -1;
    }

    @Override
    public String toString() {
        return this == NONE ? "heap ?" : "heap used " + usedMiB + " MiB of " + committedMiB + " MiB committed";
    }
}
