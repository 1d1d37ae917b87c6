/**
 * The BGP message model (OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH, capabilities,
 * path attributes, prefixes) and its pure encode and decode functions ({@link
 * dev.herald.codec.MessageCodec}). No I/O and no state: what a session negotiated comes in as a
 * {@link dev.herald.codec.CodecContext}. A decode error is a {@link
 * dev.herald.codec.BgpDecodeException} carrying the NOTIFICATION RFC 4271 and RFC 7606 ask for,
 * or an outcome that keeps the session (treat-as-withdraw, attribute discard; ADR 0010).
 */
package dev.herald.codec;
