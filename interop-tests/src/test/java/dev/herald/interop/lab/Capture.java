package dev.herald.interop.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A best-effort packet capture of BGP (tcp port 179) on a lab interface, kept beside the logs
 * for debugging: {@code tshark -r FILE -d tcp.port==179,bgp -V} decodes every message.
 * Missing tshark only prints a note: the capture is an aid, never part of a test's verdict.
 */
public final class Capture implements AutoCloseable {
    private final Daemon daemon;
    private final Path file;

    private Capture(Daemon daemon, Path file) {
        this.daemon = daemon;
        this.file = file;
    }

    /** Starts capturing on {@code ifname} in {@code ns} into {@code file}; returns null when tshark is unavailable. */
    public static Capture start(Netns ns, String ifname, Path file) {
        return start(ns, ifname, "tcp port 179", file);
    }

    /** As {@link #start(Netns, String, Path)} with another capture filter (pcap syntax). */
    public static Capture start(Netns ns, String ifname, String filter, Path file) {
        if (!Lab.onPath("tshark")) {
            System.err.println("[lab] tshark not installed: no packet capture (apt-get install tshark)");
            return null;
        }
        try {
            Files.createDirectories(file.getParent());
            // dumpcap drops privileges to its own group on some setups; the file must be writable.
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LabException("cannot prepare " + file, e);
        }
        Daemon d = Daemon.start("tshark@" + ns.name(), ns.wrap(List.of("tshark", "-n", "-i", ifname, "-f", filter,
                "-w", file.toString(), "-q")), file.resolveSibling(file.getFileName() + ".log"));
        // tshark says "Capturing on 'veth0'" once the capture runs; packets before that are lost.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline && d.isAlive()) {
            if (d.tail(20).contains("Capturing on")) {
                return new Capture(d, file);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.err.println("[lab] tshark did not start capturing in time; continuing without a capture:\n" + d.tail(10));
        d.stop(Duration.ofSeconds(5));
        return null;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        daemon.stop(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "capture " + file;
    }
}
