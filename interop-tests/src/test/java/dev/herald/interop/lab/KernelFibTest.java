package dev.herald.interop.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelFibTest {
    /** /proc/net/route of a router namespace with FRR's route for 203.0.113.0/24 (a little-endian host). */
    private static final List<String> ROUTES = List.of(
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
            "veth0\t000112C6\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
            "veth0\t007100CB\t020112C6\t0003\t0\t0\t20\t00FFFFFF\t0\t0\t0");

    @Test
    void findsAPrefixByDestinationAndMask() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN);
        assertTrue(KernelFib.contains(ROUTES, IpPrefix.parse("203.0.113.0/24")));
        assertTrue(KernelFib.contains(ROUTES, IpPrefix.parse("198.18.1.0/24")));
        assertFalse(KernelFib.contains(ROUTES, IpPrefix.parse("203.0.113.0/25")), "same destination, another mask");
        assertFalse(KernelFib.contains(ROUTES, IpPrefix.parse("198.51.100.0/24")));
        assertFalse(KernelFib.contains(ROUTES.subList(0, 1), IpPrefix.parse("203.0.113.0/24")), "the header alone");
    }
}
