/**
 * The LXD (and Incus: the same /1.0 API) source: networks, forwards, load balancers and
 * instance NIC routes read over the REST API and its event stream, announced as LXD's own BGP
 * server would, with per-family next hops (ADR 0004).
 */
package dev.herald.sources.lxd;
