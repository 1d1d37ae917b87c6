/**
 * The operator's side of a running herald: the admin API on a unix socket (what {@code herald
 * peers}, {@code routes}, {@code reload} and friends call), the Prometheus metrics endpoint,
 * and reload from SIGHUP or the API (ADR 0006).
 */
package dev.herald.bgpd.admin;
