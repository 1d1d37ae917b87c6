package dev.herald.interop.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One reading of a process's resident memory, threads ({@code /proc/PID/status}) and open descriptors ({@code /proc/PID/fd}). */
record ProcSample(long atSeconds, long rssKiB, int threads, int fds, long changes) {

    static ProcSample read(long pid, long at, long changes) {
        try {
            long rss = 0;
            int threads = 0;
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    rss = Long.parseLong(l.replaceAll("\\D", ""));
                } else if (l.startsWith("Threads:")) {
                    threads = Integer.parseInt(l.replaceAll("\\D", ""));
                }
            }
            int fds;
            try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                fds = (int) s.count();
            }
            return new ProcSample(at, rss, threads, fds, changes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return atSeconds + " s: RSS " + rssKiB / 1024 + " MiB, " + threads + " threads, " + fds + " fds, " + changes + " changes";
    }
}
