/**
 * {@code System.Logger} routed to stderr, one line per event, as text, journal or JSON. Logger
 * names are the part of herald that logs ({@code daemon}, {@code session}, {@code ovn}...).
 */
package dev.herald.bgpd.logging;
