/**
 * systemd integration: READY=1, STATUS= and the watchdog over the notify socket (ADR 0007).
 */
package dev.herald.bgpd.systemd;
