package dev.herald.bgpd.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import dev.herald.bgpd.logging.LogFormat;
import dev.herald.bgpd.logging.LogLevel;
import dev.herald.bgpd.logging.Logging;

/** herald's log lines, as {@code herald run} writes them (text format, INFO), while {@code action} runs. */
public final class LogCapture {
    private LogCapture() {
    }

    public static String during(Callable<?> action) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            Logging.install(LogLevel.INFO, LogFormat.TEXT); // takes System.err as it is now
            action.call();
        } finally {
            System.setErr(stderr);
            Logging.install(LogLevel.INFO, LogFormat.TEXT);
        }
        return log.toString(StandardCharsets.UTF_8);
    }
}
