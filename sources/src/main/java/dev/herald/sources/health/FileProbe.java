package dev.herald.sources.health;

import java.nio.file.Files;

/** An operator's switch: passes while the file exists, or, as a maintenance file, while it does not. */
final class FileProbe implements ProbeRun {
    private final Probe.File probe;

    FileProbe(Probe.File probe) {
        this.probe = probe;
    }

    @Override
    public ProbeResult call() {
        boolean present = Files.exists(probe.path());
        String detail = probe.path() + (present ? " present" : " absent");
        return present != probe.failWhenPresent() ? ProbeResult.pass(detail) : ProbeResult.fail(detail);
    }

    @Override
    public void abort() {
        // a stat does not hang on a local file system; the launcher's interrupt covers the rest
    }
}
