package dev.herald.codec;

import java.util.List;

/** Messages of every type, capability and attribute, shared by the round-trip and tshark tests. */
final class Samples {
    static final byte[] NH6_GLOBAL = InetAddresses.parseLiteral("2001:db8::1");
    static final byte[] NH6_LINK_LOCAL = InetAddresses.parseLiteral("fe80::1");

    private Samples() {
    }

    static Prefix p(String s) {
        return Prefix.parse(s);
    }

    static byte[] ip(String s) {
        return InetAddresses.parseLiteral(s);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static int id(String dotted) {
        byte[] b = ip(dotted);
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    static Open fullOpen() {
        return Open.of(4_200_000_001L, 90, id("192.0.2.1"), List.of(
                new Capability.Multiprotocol(Family.IPV4_UNICAST),
                new Capability.Multiprotocol(Family.IPV6_UNICAST),
                new Capability.RouteRefresh(),
                new Capability.ExtendedNextHop(List.of(new Capability.ExtendedNextHop.Entry(1, 1, 2))),
                new Capability.GracefulRestart(true, true, 120, List.of(
                        new Capability.GracefulRestart.GrFamily(1, 1, true),
                        new Capability.GracefulRestart.GrFamily(2, 1, false))),
                new Capability.FourOctetAs(4_200_000_001L),
                new Capability.ExtendedMessage(),
                new Capability.BgpRole(Capability.BgpRole.CUSTOMER),
                new Capability.AddPath(List.of(new Capability.AddPath.Entry(1, 1, Capability.AddPath.SEND),
                        new Capability.AddPath.Entry(2, 1, Capability.AddPath.BOTH))),
                new Capability.EnhancedRouteRefresh(),
                new Capability.LongLivedGracefulRestart(List.of(
                        new Capability.LongLivedGracefulRestart.Entry(1, 1, true, 86_400),
                        new Capability.LongLivedGracefulRestart.Entry(2, 1, false, 0xFF_FFFF))),
                new Capability.Fqdn("host1", "example.net"),
                new Capability.Unknown(128, new byte[0]),
                new Capability.Unknown(200, Wire.hex("0102"))));
    }

    static Update ipv4Update() {
        return new Update(List.of(p("203.0.113.0/24"), p("10.0.0.0/8")),
                List.of(PathAttribute.Origin.IGP,
                        new PathAttribute.AsPath(List.of(
                                new PathAttribute.AsPath.Segment(PathAttribute.AsPath.Segment.AS_SEQUENCE,
                                        new long[] {65001, 4_200_000_001L}),
                                new PathAttribute.AsPath.Segment(PathAttribute.AsPath.Segment.AS_SET,
                                        new long[] {64512, 64513}))),
                        new PathAttribute.NextHop(ip("192.0.2.1")),
                        new PathAttribute.MultiExitDisc(4_000_000_000L),
                        new PathAttribute.LocalPref(200),
                        new PathAttribute.Communities(new long[] {0xfde90064L, 0xfde900c8L}),
                        new PathAttribute.ExtendedCommunities(new long[] {0x0002fde900000007L, 0x8006000000000000L}),
                        new PathAttribute.LargeCommunities(List.of(
                                new PathAttribute.LargeCommunities.LargeCommunity(4_200_000_001L, 1, 2),
                                new PathAttribute.LargeCommunities.LargeCommunity(65001, 0xFFFF_FFFFL, 0))),
                        new PathAttribute.Unknown(0xE0, 99, Wire.hex("0102"))),
                List.of(p("198.51.100.0/24"), p("192.0.2.128/25"), p("0.0.0.0/0"), p("192.0.2.7/32")));
    }

    static Update ipv6Update(byte[] nextHop) {
        return ipv6Update(nextHop, List.of(p("2001:db8:100::/48"), p("2001:db8:200:1::/64"), p("::/0"),
                p("2001:db8::5/128")));
    }

    static Update ipv6Update(byte[] nextHop, List<Prefix> prefixes) {
        return new Update(List.of(), List.of(
                new PathAttribute.MpReachNlri(Family.IPV6_UNICAST, nextHop, prefixes),
                PathAttribute.Origin.INCOMPLETE,
                PathAttribute.AsPath.sequence(65001),
                new PathAttribute.MultiExitDisc(10)), List.of());
    }

    /** IPv4 NLRI with an IPv6 next hop (RFC 8950). */
    static Update rfc8950Update(byte[] nextHop) {
        return new Update(List.of(), List.of(
                new PathAttribute.MpReachNlri(Family.IPV4_UNICAST, nextHop, List.of(p("198.51.100.0/24"))),
                PathAttribute.Origin.IGP,
                PathAttribute.AsPath.sequence(65001, 65002)), List.of());
    }

    static Update mpIpv4Update() {
        return new Update(List.of(), List.of(
                new PathAttribute.MpReachNlri(Family.IPV4_UNICAST, ip("192.0.2.1"), List.of(p("198.51.100.0/24"))),
                PathAttribute.Origin.EGP,
                PathAttribute.AsPath.EMPTY,
                new PathAttribute.LocalPref(100)), List.of());
    }

    static Update ipv6Withdrawal() {
        return new Update(List.of(), List.of(
                new PathAttribute.MpUnreachNlri(Family.IPV6_UNICAST, List.of(p("2001:db8:100::/48"), p("2001:db8::/32")))),
                List.of());
    }

    static Update ipv4MpWithdrawal() {
        return new Update(List.of(), List.of(
                new PathAttribute.MpUnreachNlri(Family.IPV4_UNICAST, List.of(p("198.51.100.0/24")))), List.of());
    }

    /** An unknown optional transitive attribute longer than 255 bytes: needs the extended length. */
    static Update extendedLengthUpdate() {
        byte[] communities = new byte[400];
        for (int i = 0; i < communities.length; i++) {
            communities[i] = (byte) i;
        }
        return new Update(List.of(), List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(65001),
                new PathAttribute.NextHop(ip("192.0.2.1")),
                new PathAttribute.Unknown(0xC0 | PathAttribute.FLAG_EXTENDED_LENGTH, 99, communities)),
                List.of(p("198.51.100.0/24")));
    }

    /** One of each message type and every modelled capability and attribute, in the 4-octet context. */
    static List<BgpMessage> all() {
        return List.of(
                fullOpen(),
                Open.of(65001, 0, id("10.0.0.1"), List.of()),
                Keepalive.INSTANCE,
                ipv4Update(),
                ipv6Update(NH6_GLOBAL),
                ipv6Update(concat(NH6_GLOBAL, NH6_LINK_LOCAL)),
                rfc8950Update(NH6_GLOBAL),
                rfc8950Update(concat(NH6_GLOBAL, NH6_LINK_LOCAL)),
                mpIpv4Update(),
                ipv6Withdrawal(),
                ipv4MpWithdrawal(),
                extendedLengthUpdate(),
                Update.endOfRib(Family.IPV4_UNICAST),
                Update.endOfRib(Family.IPV6_UNICAST),
                new Notification(Notification.UPDATE_MESSAGE_ERROR, 3, new byte[] {1}),
                new Notification(Notification.HOLD_TIMER_EXPIRED, 0),
                Notification.ceaseWithMessage(Notification.CEASE_ADMIN_SHUTDOWN, "maintenance: back at 14:00 \u2713"),
                new RouteRefresh(1, 0, 1),
                new RouteRefresh(2, 1, 1),
                new RouteRefresh(2, 2, 1));
    }
}
