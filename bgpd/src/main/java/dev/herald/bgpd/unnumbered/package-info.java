/**
 * Unnumbered peering: the peer on an interface found in the kernel's IPv6 neighbour table, with
 * router solicitations and advertisements so that both ends learn each other's link-local address
 * (ADR 0009).
 */
package dev.herald.bgpd.unnumbered;
