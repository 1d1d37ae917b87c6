package dev.herald.sources.health;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs that end as a script says, per check, one letter a run: 'p' passes and 'f' fails after
 * {@link #RUN_TIME}, 'h' hangs (never ends by itself), 'l' passes late (after {@link #LATE}, past
 * any timeout the tests use). Runs past the end of a script hang.
 */
final class ScriptedLauncher implements ProbeLauncher {
    static final Duration RUN_TIME = Duration.ofMillis(10);
    static final Duration LATE = Duration.ofMillis(900);

    /** One launched run, as the test sees it. */
    static final class Launch {
        final String check;
        final Duration at;
        final char script;
        boolean killed;
        boolean ended;

        Launch(String check, Duration at, char script) {
            this.check = check;
            this.at = at;
            this.script = script;
        }
    }

    private final ManualTimer timer;
    private final Map<String, Deque<Character>> scripts = new HashMap<>();
    final List<Launch> launches = new ArrayList<>();

    ScriptedLauncher(ManualTimer timer) {
        this.timer = timer;
    }

    ScriptedLauncher script(String check, String runs) {
        Deque<Character> q = scripts.computeIfAbsent(check, k -> new ArrayDeque<>());
        for (char c : runs.toCharArray()) {
            q.add(c);
        }
        return this;
    }

    List<Launch> of(String check) {
        return launches.stream().filter(l -> l.check.equals(check)).toList();
    }

    @Override
    public Launched launch(HealthCheckSettings settings, Consumer<ProbeResult> done) {
        Deque<Character> q = scripts.getOrDefault(settings.name(), new ArrayDeque<>());
        char c = q.isEmpty() ? 'h' : q.poll();
        Launch l = new Launch(settings.name(), timer.elapsed(), c);
        launches.add(l);
        Duration after = switch (c) {
            case 'p', 'f' -> RUN_TIME;
            case 'l' -> LATE;
            case 'h' -> null;
            default -> throw new IllegalArgumentException("script letter " + c);
        };
        if (after != null) {
            // A real run's result is delivered from its own thread even after a kill; so is this one.
            timer.schedule(after.toNanos(), () -> {
                l.ended = true;
                done.accept(c == 'f' ? ProbeResult.fail("scripted failure") : ProbeResult.pass("scripted pass"));
            });
        }
        return () -> l.killed = true;
    }
}
