/**
 * The kernel source: routes read from Linux routing tables over rtnetlink (a dump, then
 * notifications), filtered by table, protocol, type and prefix, with the links and addresses
 * that decide whether a route is usable. The FFM socket code is the thin shell; the filter and
 * the route table are pure.
 */
package dev.herald.sources.kernel;
