package dev.herald.bgpd.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The RFC 9003 shutdown communication's limit, checked before anything is sent. */
final class Messages {
    static final int MAX_BYTES = 255;

    private Messages() {
    }

    static boolean tooLong(String message, PrintWriter err) {
        int n = message.getBytes(StandardCharsets.UTF_8).length;
        if (n > MAX_BYTES) {
            err.println("herald: --message is " + n + " bytes of UTF-8; RFC 9003 allows at most " + MAX_BYTES);
            return true;
        }
        return false;
    }
}
