/**
 * Drives {@link dev.herald.fsm.BgpFsm} over native epoll sockets. {@link
 * dev.herald.fsm.transport.BgpTransport} owns the event loops and listening sockets; every peer
 * session is pinned to one event loop thread, which also owns its connections (accepted ones are
 * moved onto it) and its timers, so session state needs no locks. The daemon sees {@link
 * dev.herald.fsm.transport.PeerSession}, {@link dev.herald.fsm.transport.SessionListener} and
 * {@link dev.herald.fsm.transport.EstablishedSession}.
 *
 * <p>Not done yet: TCP-MD5, GTSM/TTL, IPv6 link-local scope on the socket address, and the
 * RFC 4724 rule that lets a restarted peer's new connection replace an Established one
 * (until then such a connection is refused until the old one's HoldTimer expires).
 */
package dev.herald.fsm.transport;
