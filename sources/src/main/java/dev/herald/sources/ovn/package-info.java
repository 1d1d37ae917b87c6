/**
 * The OVN source: the Southbound Advertised_Route table, announced from the chassis where
 * ovn-controller would install the routes, with the semantics of the OVN release the SB
 * schema names (25.03, 25.09, 26.03; ADR 0008).
 */
package dev.herald.sources.ovn;
