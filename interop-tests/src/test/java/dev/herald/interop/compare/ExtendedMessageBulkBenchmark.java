package dev.herald.interop.compare;

import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Bulk run to FRR 10.3 ({@link CompareBulkBenchmark}'s method: the same LAN, route set,
 * receiver and timing) for herald alone, with and without RFC 8654 extended messages: how many
 * UPDATEs the 1.25M prefixes take (herald's own count, and FRR's {@code updatesRecv}) and how
 * long the transfer takes. FRR offers extended messages by default, so {@code extended-message}
 * on herald's peer decides. Figures for docs/benchmarks.md, not a test. Run (as root, the trixie
 * rootfs built):
 * <pre>
 * ./mvnw -B -pl interop-tests -am verify -Dit.test=ExtendedMessageBulkBenchmark -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 * Runs per setting {@code -Dherald.bench.extmsg.runs=N} (2); {@code -Dherald.bench.v4/v6} a smaller set.
 */
class ExtendedMessageBulkBenchmark {
    static final Duration LOAD_TIMEOUT = Duration.ofSeconds(600);
    static final Duration BUDGET = Duration.ofSeconds(Long.getLong("herald.bench.bulk.budget", 120));
    private static final Pattern UPDATES_RECV = Pattern.compile("\"updatesRecv\"\\s*:\\s*(\\d+)");

    @Test
    void bulkToFrrWithAndWithoutExtendedMessages() {
        Lab.requireLab();
        Herald.requireJar();
        RouterKind.FRR_TRIXIE.require();
        BulkRoutes routes = BulkRoutes.fromProperties();
        int runs = Integer.getInteger("herald.bench.extmsg.runs", 2);
        List<String> report = new ArrayList<>();
        try (BenchLan lan = BenchLan.create("extmsg-bulk", 1, 1)) {
            Router frr = lan.own(RouterKind.FRR_TRIXIE.start(lan.receiverNs(1), Bench.receiverConfig(lan, 1, 1),
                    lan.logDir().resolve("frr-receiver")));
            Receiver receiver = Receiver.of(frr, Bench.senderAddresses(lan, 1));
            receiver.enable(false);
            for (boolean extended : List.of(true, false)) {
                String label = "extended-message: " + extended;
                try (HeraldSender s = HeraldSender.start(lan, Bench.sessions(lan, 1, 1), routes,
                        lan.logDir().resolve("herald-" + extended), "extended-message: " + extended)) {
                    Bench.awaitLoaded(s, routes.total(), LOAD_TIMEOUT);
                    for (int run = 1; run <= runs; run++) {
                        long before = s.updatesSent("r1");
                        long frrBefore = updatesReceived(frr, lan); // FRR counts over all of a neighbour's sessions
                        long[] frrCount = {0};
                        double secs = Bench.transfer(s, receiver, routes.total(), BUDGET,
                                () -> frrCount[0] = updatesReceived(frr, lan) - frrBefore);
                        long sent = s.updatesSent("r1") - before;
                        String line = String.format(Locale.ROOT, "%s run %d: %,d prefixes in %,d UPDATEs (FRR counted"
                                + " %,d, End-of-RIBs included), %.2f s", label, run, routes.total(), sent, frrCount[0], secs);
                        report.add(line);
                        System.err.println("[bench] extmsg: " + line);
                    }
                }
            }
        }
        System.err.println("[bench] extmsg: herald " + Herald.run("--version").stdout().lines().findFirst().orElse("")
                + " -> " + RouterKind.FRR_TRIXIE + ", load average " + loadAverage() + ":\n  " + String.join("\n  ", report));
    }

    /** FRR's own count of UPDATEs from herald ({@code show bgp neighbors X json}), 0 before the first session. */
    private static long updatesReceived(Router frr, BenchLan lan) {
        Matcher m = UPDATES_RECV.matcher(frr.neighborDetail(lan.senderV4(1)));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
