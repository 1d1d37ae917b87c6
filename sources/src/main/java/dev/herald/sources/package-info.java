/**
 * Where prefixes come from. A {@link dev.herald.sources.RouteSource} tells its {@link
 * dev.herald.sources.RouteSink} what it wants announced now, never knowing about peers, and
 * reports its {@link dev.herald.sources.SourceHealth}. The static source lives here; the
 * kernel, LXD/Incus and OVN sources in the sub-packages.
 */
package dev.herald.sources;
