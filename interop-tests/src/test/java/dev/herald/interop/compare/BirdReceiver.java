package dev.herald.interop.compare;

import dev.herald.interop.lab.Router;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BIRD as the receiver: {@code disable}/{@code enable "peer*"}, polled with
 * {@code show protocols all "peer*"} (per channel "Routes: N imported"). BIRD has no kernel
 * protocol here, so nothing goes to the kernel.
 */
final class BirdReceiver implements Receiver {
    private static final Pattern IMPORTED = Pattern.compile("Routes:\\s+(\\d+) imported");
    private static final Pattern ESTABLISHED = Pattern.compile("BGP state:\\s+Established");
    private static final Pattern COUNT = Pattern.compile("(\\d+) of (\\d+) routes for \\d+ networks in table");
    private final Router bird;
    private final int sessions;

    BirdReceiver(Router bird, int sessions) {
        this.bird = bird;
        this.sessions = sessions;
    }

    @Override
    public String label() {
        return bird.version();
    }

    @Override
    public Router router() {
        return bird;
    }

    @Override
    public void enable(boolean on) {
        // By name, not "peer*": a receiver may be steered for its first sessions only, the rest staying shut.
        for (int j = 1; j <= sessions; j++) {
            bird.cli((on ? "enable" : "disable") + " \"peer" + j + "\"").check();
        }
    }

    /** Counts every "peer*" protocol: those beyond this receiver's sessions are shut, with no routes and not Established. */
    private String protocols() {
        return bird.cli("show protocols all \"peer*\"").check().stdout();
    }

    @Override
    public Status status() {
        String text = protocols();
        Matcher e = ESTABLISHED.matcher(text);
        int n = 0;
        while (e.find()) {
            n++;
        }
        Matcher m = IMPORTED.matcher(text);
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return new Status(n, sessions, total);
    }

    @Override
    public long held() {
        Matcher m = COUNT.matcher(bird.routeCountText());
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(2));
        }
        return total;
    }
}
