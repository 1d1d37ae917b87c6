/**
 * Route state, owned by one thread: the origin table (what each source offers, the winner by
 * source precedence), export policies, update groups of peers sent the same UPDATEs, and each
 * peer's Adj-RIB-Out. Output is pulled: changes pend per group and are encoded only when its
 * members can take them (ADR 0005, ADR 0012). It knows nothing of sockets; it writes to an
 * {@link dev.herald.rib.UpdateSink}.
 */
package dev.herald.rib;
