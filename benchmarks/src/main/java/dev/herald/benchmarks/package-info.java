/**
 * JMH benchmarks of the pure cores (codec, RIB); the lab benchmarks against BIRD, GoBGP and FRR
 * are in interop-tests (docs/benchmarks.md).
 */
package dev.herald.benchmarks;
