/**
 * The running daemon: {@link dev.herald.bgpd.daemon.Daemon} keeps start, reload and both
 * kinds of stop (ADR 0003); {@code SourceSet} owns the sources, {@code PeerSet} the sessions,
 * {@code RibExecutor} the RIB's thread.
 */
package dev.herald.bgpd.daemon;
