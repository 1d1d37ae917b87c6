package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of every address key: the exact message, or the address back when it passes. */
class AddressValuesTest {
    static Stream<Arguments> rules() {
        ValueReader<?> routerId = AddressValues::routerId;
        ValueReader<?> listen = AddressValues::listen;
        ValueReader<?> unicast = AddressValues::unicast;
        ValueReader<?> nh4 = AddressValues::nextHopIpv4;
        ValueReader<?> nh6 = AddressValues::nextHopIpv6;
        return Stream.of(
                Arguments.of("router-id", routerId, "192.0.2.1", null),
                Arguments.of("router-id", routerId, "2001:db8::1",
                        "'router-id' must be an IPv4 address (a 32-bit BGP Identifier), got 2001:db8::1"),
                Arguments.of("router-id", routerId, "0.0.0.0",
                        "'router-id' must not be 0.0.0.0 (RFC 6286 requires a non-zero BGP Identifier)"),
                Arguments.of("listen", listen, "::", null),
                Arguments.of("listen", listen, "ff02::1", "'listen' must not be a multicast address, got ff02::1"),
                Arguments.of("address", unicast, "198.18.0.1", null),
                Arguments.of("address", unicast, "0.0.0.0", "'address' must be a unicast host address, got 0.0.0.0"),
                Arguments.of("address", unicast, "224.0.0.5", "'address' must be a unicast host address, got 224.0.0.5"),
                Arguments.of("address", unicast, "::ffff:198.18.0.1",
                        "'address' is an IPv4-mapped IPv6 address; write it as 198.18.0.1"),
                Arguments.of("address", unicast, "fe80::1",
                        "'address' is link-local (fe80::1); link-local sessions are not supported yet"),
                Arguments.of("ipv4", nh4, "198.18.0.2", null),
                Arguments.of("ipv4", nh4, "::ffff:198.18.0.2", "'ipv4' next hop must be a plain IPv4 address, not the"
                        + " IPv4-mapped ::ffff:c612:2; write it as 198.18.0.2"),
                Arguments.of("ipv4", nh4, "fd00::2",
                        "'ipv4' next hop must be an IPv4 address, got the IPv6 address fd00::2; put it under 'ipv6'"),
                Arguments.of("ipv4", nh4, "0.0.0.0", "'ipv4' next hop must be a unicast IPv4 address, got 0.0.0.0"),
                Arguments.of("ipv4", nh4, "239.1.1.1", "'ipv4' next hop must be a unicast IPv4 address, got 239.1.1.1"),
                Arguments.of("ipv6", nh6, "fd00::2", null),
                Arguments.of("ipv6", nh6, "198.18.0.2",
                        "'ipv6' next hop must be an IPv6 address, got the IPv4 address 198.18.0.2; put it under 'ipv4'"),
                Arguments.of("ipv6", nh6, "::ffff:198.18.0.2",
                        "'ipv6' next hop must be a real IPv6 address, not the IPv4-mapped ::ffff:c612:2"),
                Arguments.of("ipv6", nh6, "fe80::2",
                        "'ipv6' next hop must be a global IPv6 address, got the link-local fe80::2 (RFC 2545 section 3)"),
                Arguments.of("ipv6", nh6, "::", "'ipv6' next hop must be a unicast IPv6 address, got ::"),
                Arguments.of("ipv6", nh6, "ff02::2", "'ipv6' next hop must be a unicast IPv6 address, got ff02::2"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("rules")
    void eachRuleHasItsMessage(String key, ValueReader<?> reader, String text, String expected) {
        Problems problems = new Problems("herald.yaml");
        Object read = reader.read(new YamlNode.Scalar(new Mark(3, 7), YamlNode.ScalarType.STRING, text), key, problems);
        List<ConfigError> errors = problems.sorted();
        if (expected == null) {
            assertEquals(List.of(), errors);
            assertEquals(text, dev.herald.codec.InetAddresses.toText((java.net.InetAddress) read));
        } else {
            assertNull(read);
            assertEquals(List.of(new ConfigError("herald.yaml", 3, 7, expected)), errors);
        }
    }
}
