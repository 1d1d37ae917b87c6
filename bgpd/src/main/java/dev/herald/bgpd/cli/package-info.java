/**
 * The {@code herald} command line (picocli): {@code run}, {@code validate} and the admin
 * commands; the man page and bash completion are generated from the same definitions.
 */
package dev.herald.bgpd.cli;
