package dev.herald.interop.compare;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import dev.herald.interop.lab.RouterRuntime;
import java.util.List;

/** The version each sender row reports, from the binaries themselves. */
final class CompareVersions {
    private CompareVersions() {
    }

    /** herald's {@code --version} first line without the name, e.g. "0.1.0-SNAPSHOT". */
    static String herald() {
        return Herald.run("--version").stdout().lines().findFirst().orElse("?").replaceFirst("^herald\\s*", "").trim();
    }

    /** The machine's 1-minute load average now (/proc/loadavg): other work on a shared machine shows here. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /**
     * A lab router's version without its name ("GoBGP 3.37.0" gives "3.37.0"): {@link Router#version()}
     * always starts with the implementation's name, and the report names it in its own column.
     */
    static String release(Router router) {
        return router.version().replaceFirst("^\\S+\\s*", "");
    }

    /** The trixie BIRD's {@code bird --version}, e.g. "2.17.1". */
    static String bird() {
        return bird(RouterKind.BIRD_TRIXIE.runtime());
    }

    /** {@code bird --version} of the BIRD in {@code runtime}, without the name; BIRD prints it on stderr. */
    static String bird(RouterRuntime runtime) {
        return bird(runtime, "/usr/sbin/bird");
    }

    /** {@code bird --version} of {@code kind} (BIRD 3 of sid lives under /opt/bird3). */
    static String bird(RouterKind kind) {
        return bird(kind.runtime(), kind.binary());
    }

    private static String bird(RouterRuntime runtime, String binary) {
        Exec.Result r = Exec.run(runtime.plain(List.of(binary, "--version")));
        return (r.stdout() + r.stderr()).trim().replaceFirst("^BIRD version\\s*", "");
    }
}
