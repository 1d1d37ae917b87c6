package dev.herald.interop.compare;

import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Netns;
import dev.herald.interop.lab.RouterKind;
import dev.herald.interop.lab.RouterRuntime;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * BIRD (2.17 from trixie unless told another {@link RouterKind}) as a sender: eBGP sessions (AS 65010 to AS 65001) exporting everything in its table,
 * fed either by a static protocol (the prefixes as blackhole routes) or by a kernel protocol
 * learning the namespace's {@code proto 84} routes. The lab's BirdRouter is a receiver (export
 * none); this writes its own config for the sender's side.
 */
final class BirdExporter implements AutoCloseable {
    /** One session: the receiver's address and ours. */
    record Session(String neighbor, String local) {
    }

    private final RouterKind kind;
    private final RouterRuntime runtime;
    private final Netns ns;
    private final String runDir;
    private Daemon daemon;

    private BirdExporter(RouterKind kind, Netns ns) {
        this.kind = kind;
        this.runtime = kind.runtime();
        this.ns = ns;
        this.runDir = "/run/herald-lab/" + ns.name() + "-bird-sender";
    }

    /** Static: {@code prefixes} as blackhole routes of a static protocol. */
    static BirdExporter withStatic(Netns ns, String routerId, List<Session> sessions, List<String> prefixes, Path logDir) {
        StringBuilder src = new StringBuilder("protocol static routes4 {\n  ipv4;\n");
        for (String p : prefixes) {
            src.append("  route ").append(p).append(" blackhole;\n");
        }
        src.append("}\n");
        return start(ns, routerId, sessions, src.toString(), logDir);
    }

    /** Kernel: the namespace's main-table routes of protocol 84, learned as the kernel reports them. */
    static BirdExporter withKernel(Netns ns, String routerId, List<Session> sessions, Path logDir) {
        return withKernel(RouterKind.BIRD_TRIXIE, ns, routerId, sessions, logDir);
    }

    /** {@link #withKernel(Netns, String, List, Path)} with the BIRD of {@code kind}. */
    static BirdExporter withKernel(RouterKind kind, Netns ns, String routerId, List<Session> sessions, Path logDir) {
        String src = """
                protocol kernel k4 {
                  ipv4 { import where krt_source = 84; export none; };
                  learn;
                  scan time 60;
                }
                """;
        return start(kind, ns, routerId, sessions, src, logDir);
    }

    private static BirdExporter start(Netns ns, String routerId, List<Session> sessions, String source, Path logDir) {
        return start(RouterKind.BIRD_TRIXIE, ns, routerId, sessions, source, logDir);
    }

    private static BirdExporter start(RouterKind kind, Netns ns, String routerId, List<Session> sessions, String source, Path logDir) {
        BirdExporter s = new BirdExporter(kind, ns);
        try {
            s.runtime.mkdir(s.runDir, null);
            Path conf = s.runtime.hostPath(s.runDir + "/bird.conf");
            try (BufferedWriter w = Files.newBufferedWriter(conf)) {
                w.write("log stderr { info, remote, warning, error, auth, fatal, bug };\n");
                w.write("router id " + routerId + ";\n");
                if (CompareVersions.bird(kind).startsWith("3")) {
                    w.write("thread group worker { threads " + BirdSender.BIRD3_THREADS + "; default yes; };\n");
                }
                w.write("protocol device { scan time 10; }\n");
                w.write(source);
                w.write("""
                        template bgp out {
                          local as 65010;
                          connect delay time 1;
                          connect retry time 2;
                          error wait time 1, 5;
                          ipv4 { import none; export all; };
                        }
                        """);
                int i = 0;
                for (Session x : sessions) {
                    w.write("protocol bgp p" + (++i) + " from out { local " + x.local() + " as 65010; neighbor " + x.neighbor()
                            + " as 65001; }\n");
                }
            }
            Files.createDirectories(logDir);
            Files.copy(conf, logDir.resolve("bird-sender.conf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            s.daemon = Daemon.start("bird-sender@" + ns.name(), s.runtime.daemon(ns, List.of(kind.binary(), "-f", "-c",
                    s.runDir + "/bird.conf", "-s", s.socket(), "-P", s.runDir + "/bird.pid")), logDir.resolve("bird-sender.log"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!s.birdc("show status").ok()) {
                s.daemon.checkAlive();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("BIRD sender not answering: " + s.daemon.tail(20));
                }
                Thread.sleep(100);
            }
            return s;
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            s.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    private String socket() {
        return runDir + "/bird.ctl";
    }

    Exec.Result birdc(String command) {
        return Exec.run(runtime.client(ns, List.of(kind.path("/usr/sbin/birdc"), "-s", socket(), command)));
    }

    /** Routes imported by the source protocol (static or kernel), from {@code show protocols all}. */
    long sourceRoutes() {
        String text = birdc("show protocols all").stdout();
        return BirdProtocols.parse(text).stream().filter(p -> !p.bgp()).mapToLong(BirdProtocols.Protocol::imported).sum();
    }

    long pid() {
        return daemon.pid();
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(10));
        }
        runtime.deleteTree(runDir);
    }
}
