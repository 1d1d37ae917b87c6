package dev.herald.sources.kernel;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Not a test: captures raw NETLINK_ROUTE datagrams to hex files for the byte-vector tests.
 * Run inside a scratch namespace (see src/test/resources/netlink/README.md):
 * {@code ip netns exec NS java --enable-native-access=ALL-UNNAMED -cp ... NetlinkCapture dump OUT}
 * writes the IPv4 and IPv6 route dumps; {@code ... NetlinkCapture listen OUT SECONDS} writes
 * the route notifications seen in that time. One datagram per line.
 */
public final class NetlinkCapture {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        List<String> lines = new ArrayList<>();
        try (NetlinkSocket s = new NetlinkSocket(1 << 20, 1 << 17, Netlink.RTNLGRP_IPV4_ROUTE, Netlink.RTNLGRP_IPV6_ROUTE)) {
            if (args[0].equals("dump")) {
                for (int family : new int[] {Netlink.AF_INET, Netlink.AF_INET6}) {
                    s.send(NetlinkCodec.routeDumpRequest(family, family));
                    boolean done = false;
                    while (!done) {
                        s.poll(1000);
                        int n = s.receive();
                        if (n < 0) {
                            continue;
                        }
                        ByteBuffer b = s.received(n);
                        byte[] bytes = new byte[n];
                        b.get(0, bytes);
                        lines.add(HexFormat.of().formatHex(bytes));
                        done = NetlinkCodec.parse(b).stream().anyMatch(m -> m instanceof NetlinkMessage.Done);
                    }
                }
            } else {
                long end = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
                Files.writeString(Path.of(args[1] + ".ready"), "");
                while (System.nanoTime() < end) {
                    if (!s.poll(100)) {
                        continue;
                    }
                    int n = s.receive();
                    if (n > 0) {
                        byte[] bytes = new byte[n];
                        s.received(n).get(0, bytes);
                        lines.add(HexFormat.of().formatHex(bytes));
                    }
                }
            }
        }
        Files.write(out, lines);
    }
}
