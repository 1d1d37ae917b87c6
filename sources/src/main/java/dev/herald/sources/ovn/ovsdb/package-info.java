/**
 * A read-only OVSDB client (RFC 7047 plus Open vSwitch's monitor_cond_since): connection
 * over unix, tcp or ssl remotes and RAFT clusters, and an in-memory replica of the monitored
 * tables kept equal to the server's (OvsdbDifferentialTest checks it against ovsdb-server).
 */
package dev.herald.sources.ovn.ovsdb;
