/**
 * The running daemon: {@link dev.herald.bgpd.daemon.Daemon} keeps start, reload and both
 * kinds of stop (ADR 0003); {@code SourceSet} owns the sources, {@code PeerSet} the sessions,
 * {@code RibExecutor} the RIB's thread; the daemon's one event-loop group carries all socket
 * I/O and timers, and {@code OffLoopTimer} keeps blocking timer work off it (ADR 0014).
 */
package dev.herald.bgpd.daemon;
