/**
 * The BGP finite state machine of RFC 4271 section 8 as pure code ("sans I/O"): {@link
 * dev.herald.fsm.BgpFsm#handle} takes an {@link dev.herald.fsm.Event} and returns {@link
 * dev.herald.fsm.Action}s. Timers are actions out and events in, so tests replay a session
 * deterministically without sockets, threads or a clock. The Netty driver lives in {@code
 * dev.herald.fsm.transport}.
 *
 * <p>Why one FSM object per peer rather than per connection as the RFC words it: collision
 * detection (6.8) compares connections of the same peer, which is simplest when one owner holds
 * both; each connection still keeps its own phase and its own Hold/Keepalive/SendHold timers.
 */
package dev.herald.fsm;
