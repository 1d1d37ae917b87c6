package dev.herald.config;

import java.net.InetAddress;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

import dev.herald.codec.InetAddresses;

/** Reads the {@code router:} section. */
final class RouterReader {
    static final List<String> KEYS = List.of("asn", "router-id", "listen");
    static final List<String> LISTEN_KEYS = List.of("address", "port");
    private static final InetAddress WILDCARD = InetAddresses.parse("::");

    private RouterReader() {
    }

    /** The router, or null when anything in it is wrong (all of it reported). */
    static RouterConfig read(YamlNode node, Mark anchor, Problems problems) {
        Section s = Section.open(node, "router", anchor, problems, KEYS);
        if (s == null) {
            return null;
        }
        Long asn = s.required("asn", NumberValues::asn);
        Inet4Address routerId = s.required("router-id", AddressValues::routerId);
        YamlNode listenNode = s.node("listen");
        ListenConfig listen = listenNode == null ? null : listen(listenNode, s.keyMark("listen"), problems);
        if (s.failed()) {
            return null;
        }
        return new RouterConfig(asn, routerId, Optional.ofNullable(listen));
    }

    private static ListenConfig listen(YamlNode node, Mark anchor, Problems problems) {
        Section s = Section.open(node, "listen", anchor, problems, LISTEN_KEYS);
        if (s == null) {
            return null;
        }
        InetAddress address = s.optional("address", AddressValues::listen, WILDCARD);
        Integer port = s.optional("port", NumberValues::port, ListenConfig.DEFAULT_PORT);
        return address == null || port == null ? null : new ListenConfig(address, port);
    }
}
