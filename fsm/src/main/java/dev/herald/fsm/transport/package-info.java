/**
 * Drives {@link dev.herald.fsm.BgpFsm} over native epoll sockets. {@link
 * dev.herald.fsm.transport.BgpTransport} owns the listening sockets and the peers, on an event
 * loop group it is given ({@link dev.herald.os.EventLoops} makes the daemon's one, shared
 * with the sources' connections and timers, ADR 0014); every peer session is pinned to one event
 * loop thread, which also owns its connections (accepted ones are
 * moved onto it) and its timers, so session state needs no locks. The daemon sees {@link
 * dev.herald.fsm.transport.PeerSession}, {@link dev.herald.fsm.transport.SessionListener} and
 * {@link dev.herald.fsm.transport.EstablishedSession}.
 *
 * <p>Per-peer socket options: TCP-MD5 on the outgoing socket and, per peer address, on every
 * listening socket (replaced as peers come and go); TTL / hop limit and GTSM minimum TTL
 * ({@code SocketOptions}). {@link dev.herald.fsm.transport.BgpTransport#close()} ends sessions
 * without a NOTIFICATION (graceful restart helpers keep the routes);
 * {@link dev.herald.fsm.transport.BgpTransport#shutdown} sends one.
 *
 * <p>Not done yet: IPv6 link-local scope on the socket address, and the
 * RFC 4724 rule that lets a restarted peer's new connection replace an Established one
 * (until then such a connection is refused until the old one's HoldTimer expires).
 */
package dev.herald.fsm.transport;
