package dev.herald.codec;

/** One BGP message (RFC 4271 section 4), without its 19-byte header. */
public sealed interface BgpMessage permits Open, Update, Notification, Keepalive, RouteRefresh {
    /** The header's type code: 1 OPEN, 2 UPDATE, 3 NOTIFICATION, 4 KEEPALIVE, 5 ROUTE-REFRESH. */
    int type();
}
