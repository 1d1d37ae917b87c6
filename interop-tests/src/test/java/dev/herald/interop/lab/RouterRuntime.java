package dev.herald.interop.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a router's binaries come from: the host (Debian bookworm packages) or a chroot (the
 * trixie or the sid root filesystem). Paths given to the router are paths as the router sees them;
 * {@link #hostPath} maps them to the host.
 */
public sealed interface RouterRuntime {
    RouterRuntime HOST = new Host();

    static RouterRuntime trixie() {
        return new Chroot(Lab.trixieRoot(), "trixie");
    }

    static RouterRuntime sid() {
        return new Chroot(Lab.sidRoot(), "sid");
    }

    /** A long-running daemon in {@code ns}: {@code ip netns exec NS [chroot ROOT] COMMAND}. */
    List<String> daemon(Netns ns, List<String> command);

    /** A short client command in {@code ns} (vtysh, gobgp, birdc). */
    List<String> client(Netns ns, List<String> command);

    /** A command outside any namespace (chown, --version). */
    List<String> plain(List<String> command);

    /** The host path of a path as the router sees it. */
    Path hostPath(String routerPath);

    String label();

    default boolean hasExecutable(String routerPath) {
        return Files.isExecutable(hostPath(routerPath));
    }

    /** Creates a directory (as the router sees it), owned by {@code owner} (a user of this runtime) when given. */
    default void mkdir(String routerPath, String owner) {
        try {
            Files.createDirectories(hostPath(routerPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (owner != null) {
            chown(routerPath, owner);
        }
    }

    default void chown(String routerPath, String owner) {
        // The chroot's frr user has another uid than the host's: resolve the name inside the runtime.
        Exec.check(plain(List.of("chown", "-R", owner + ":" + owner, routerPath)));
    }

    default void write(String routerPath, String content, String owner) {
        try {
            Files.createDirectories(hostPath(routerPath).getParent());
            Files.writeString(hostPath(routerPath), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (owner != null) {
            chown(routerPath, owner);
        }
    }

    default void deleteTree(String routerPath) {
        Path p = hostPath(routerPath);
        if (Files.exists(p)) {
            Exec.run("rm", "-rf", "--one-file-system", p.toString());
        }
    }

    /** The host's own binaries. */
    record Host() implements RouterRuntime {
        @Override
        public List<String> daemon(Netns ns, List<String> command) {
            return ns.wrap(command);
        }

        @Override
        public List<String> client(Netns ns, List<String> command) {
            return ns.wrap(command);
        }

        @Override
        public List<String> plain(List<String> command) {
            return List.copyOf(command);
        }

        @Override
        public Path hostPath(String routerPath) {
            return Path.of(routerPath);
        }

        @Override
        public String label() {
            return "host";
        }
    }

    /**
     * Binaries of another Debian release, run with chroot. Daemons get a /proc of their own:
     * {@code ip netns exec} runs its command in a private mount namespace, so the proc mount
     * made there vanishes with the daemon and never shows on the host.
     */
    record Chroot(Path root, String label) implements RouterRuntime {
        private static final String MOUNT_PROC_THEN_CHROOT =
                "mount -t proc proc \"$1/proc\" && shift && exec chroot \"$@\"";

        @Override
        public List<String> daemon(Netns ns, List<String> command) {
            List<String> cmd = new ArrayList<>(List.of("sh", "-c", MOUNT_PROC_THEN_CHROOT, "sh", root.toString(), root.toString()));
            cmd.addAll(command);
            return ns.wrap(cmd);
        }

        @Override
        public List<String> client(Netns ns, List<String> command) {
            List<String> cmd = new ArrayList<>(List.of("chroot", root.toString()));
            cmd.addAll(command);
            return ns.wrap(cmd);
        }

        @Override
        public List<String> plain(List<String> command) {
            List<String> cmd = new ArrayList<>(List.of("chroot", root.toString()));
            cmd.addAll(command);
            return cmd;
        }

        @Override
        public Path hostPath(String routerPath) {
            return root.resolve(routerPath.startsWith("/") ? routerPath.substring(1) : routerPath);
        }

    }
}
