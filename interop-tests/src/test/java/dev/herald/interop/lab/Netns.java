package dev.herald.interop.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace this test created, with its loopback up. {@link #close()} stops any
 * process still running inside it (by pid, as a last resort: the harness normally stops
 * what it started itself) and deletes the namespace.
 */
public final class Netns implements AutoCloseable {
    private final String name;
    private boolean closed;

    private Netns(String name) {
        this.name = name;
    }

    public static Netns create(String name) {
        Exec.check("ip", "netns", "add", name);
        Netns ns = new Netns(name);
        try {
            ns.ip("link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** {@code ip -n NAME ARGS...}, checked. */
    public Exec.Result ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return Exec.check(cmd);
    }

    /** The command prefixed with {@code ip netns exec NAME}. */
    public List<String> wrap(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(command);
        return cmd;
    }

    public Exec.Result exec(String... command) {
        return Exec.run(wrap(List.of(command)));
    }

    /** Pids of processes living in this namespace. */
    public List<Long> pids() {
        Exec.Result r = Exec.run("ip", "netns", "pids", name);
        List<Long> pids = new ArrayList<>();
        if (r.ok()) {
            for (String s : r.stdout().split("\\s+")) {
                if (!s.isBlank()) {
                    pids.add(Long.parseLong(s.trim()));
                }
            }
        }
        return pids;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Long> left = pids();
        if (!left.isEmpty()) {
            System.err.println("[lab] " + name + ": stopping processes left in the namespace by pid: " + left);
            for (long pid : left) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            }
            for (long pid : left) {
                ProcessHandle.of(pid).ifPresent(h -> {
                    try {
                        h.onExit().get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        h.destroyForcibly();
                    }
                });
            }
        }
        Exec.Result r = Exec.run("ip", "netns", "del", name);
        if (!r.ok()) {
            System.err.println("[lab] cannot delete namespace " + name + ": " + r.stderr());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
