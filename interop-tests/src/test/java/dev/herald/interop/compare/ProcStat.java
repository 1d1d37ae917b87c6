package dev.herald.interop.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel says about a process: its CPU time and when it started ({@code /proc/PID/stat}),
 * against the clock it counts in ({@code /proc/uptime}). Start times from the kernel leave out
 * whatever the harness did before the exec (writing a sender's config, its route files).
 */
final class ProcStat {
    /** Clock ticks per second of /proc/PID/stat: USER_HZ, 100 on every Linux architecture the lab runs on. */
    static final double USER_HZ = 100;

    private ProcStat() {
    }

    /** utime + stime + cutime + cstime: the process's CPU seconds, user and system, its waited-for children included. */
    static double cpuSeconds(long pid) {
        String[] f = fields(pid);
        long ticks = 0;
        for (int field = 14; field <= 17; field++) {
            ticks += Long.parseLong(f[field - 3]);
        }
        return ticks / USER_HZ;
    }

    /** When the process started, in seconds since boot (field 22, starttime): comparable with {@link #uptime()}. */
    static double startSeconds(long pid) {
        return Long.parseLong(fields(pid)[22 - 3]) / USER_HZ;
    }

    /** Seconds since boot now, to 10 ms. */
    static double uptime() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields from 3 (state) on: the command name before them is in parentheses and may hold spaces. */
    private static String[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return parse(stat);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    static String[] parse(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }
}
