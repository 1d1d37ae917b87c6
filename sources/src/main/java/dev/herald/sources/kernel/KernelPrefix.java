package dev.herald.sources.kernel;

import dev.herald.codec.Prefix;

/**
 * A prefix herald announces from the kernel, with the lowest metric among the matching routes
 * that hold it. The metric is what a MED would be derived from (OVN installs 100 for addresses
 * local to this chassis and 1000 otherwise, so lower must win at the receiver); herald's route
 * model does not carry MED yet, so today it is only kept and reported.
 */
public record KernelPrefix(Prefix prefix, long metric) {
}
