package dev.herald.interop.packaging;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway Debian trixie root: an overlay whose lower layer is the lab's cached tree (never
 * written) and whose upper layer lives under interop-tests/target; removed on close.
 */
final class TrixieOverlay implements AutoCloseable {
    final Path work;
    final Path root;
    private final List<String> mounted = new ArrayList<>();

    TrixieOverlay() throws Exception {
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "trixie-overlay-");
        root = work.resolve("root");
        for (String d : List.of("upper", "work", "root")) {
            Files.createDirectories(work.resolve(d));
        }
        Exec.check("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + Lab.trixieRoot() + ",upperdir="
                + work.resolve("upper") + ",workdir=" + work.resolve("work"), root.toString());
        mounted.add(0, root.toString());
    }

    void mountProc() {
        Exec.check("mount", "-t", "proc", "proc", root.resolve("proc").toString());
        mounted.add(0, root.resolve("proc").toString());
    }

    void unmountProc() {
        String proc = root.resolve("proc").toString();
        if (mounted.remove(proc)) {
            Exec.check("umount", proc);
        }
    }

    /** COMMAND in the root, with a clean environment. */
    Exec.Result chroot(String... command) {
        List<String> c = new ArrayList<>(List.of("chroot", root.toString(), "env", "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C.UTF-8"));
        c.addAll(List.of(command));
        return Exec.run(c, Duration.ofSeconds(60));
    }

    /** dpkg -i of the .deb packaging/build-deb.sh made for this run. */
    Exec.Result install(Path deb) throws Exception {
        Files.copy(deb, root.resolve("tmp/herald.deb"));
        return chroot("dpkg", "-i", "/tmp/herald.deb");
    }

    @Override
    public void close() {
        for (String m : mounted) {
            if (!Exec.run("umount", m).ok()) {
                Exec.run("umount", "-l", m);
            }
        }
        mounted.clear();
        Exec.run("rm", "-rf", "--one-file-system", work.toString());
    }
}
