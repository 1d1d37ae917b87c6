package dev.herald.interop.compare;

/** Small helpers of the graceful-restart comparison (the other scenarios have {@code Bench}). */
final class GrBench {
    private GrBench() {
    }


    /** The 1-minute load average (/proc/loadavg), so a table can say how busy the 2-CPU machine was. */
    static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code -Dherald.bench.runs=N}, default 3. */
    static int runs() {
        return Integer.getInteger("herald.bench.runs", 3);
    }
}
