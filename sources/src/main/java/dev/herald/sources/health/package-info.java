/**
 * Health-checked announcements (issue 20, ADR 0019, proposed): a check's settings
 * ({@link dev.herald.sources.health.HealthCheckSettings}) and the pure rise/fall state machine
 * ({@link dev.herald.sources.health.HealthCheckState}), and the runner
 * ({@link dev.herald.sources.health.HealthChecks}): one scheduler thread, each run on a virtual
 * thread, a hung command killed with its descendants at its timeout. Its scheduling core takes its
 * clock and runs as interfaces, so it is tested on a manual clock. In {@code sources} because {@code config} builds a check's
 * settings (ADR 0001: one type per concept, owned by a module {@code config} depends on) and the
 * probes need {@code os} (HTTP over unix sockets for LXD's {@code /1.0}).
 */
package dev.herald.sources.health;
