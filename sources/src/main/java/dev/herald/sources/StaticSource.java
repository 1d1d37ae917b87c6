package dev.herald.sources;

import dev.herald.codec.Prefix;
import dev.herald.rib.Route;
import dev.herald.rib.RouteFacts;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The prefixes listed in the config's {@code sources.static}, and those of its prefix files. The
 * files are read when the source starts (a reload starts a new one, so they are read again); the
 * source keeps nothing of them afterwards, since the RIB holds the prefixes.
 */
public final class StaticSource implements RouteSource {
    public static final String NAME = "static";
    private static final System.Logger LOG = System.getLogger("static");

    /** Reads one prefix file; bad lines are the reader's to report and skip. */
    @FunctionalInterface
    public interface FileReader {
        List<Prefix> read(Path file) throws IOException;
    }

    private final List<Prefix> prefixes;
    private final List<Path> files;
    private final FileReader reader;

    public StaticSource(List<Prefix> prefixes) {
        this(prefixes, List.of(), f -> List.of());
    }

    public StaticSource(List<Prefix> prefixes, List<Path> files, FileReader reader) {
        this.prefixes = List.copyOf(prefixes);
        this.files = List.copyOf(files);
        this.reader = reader;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(RouteSink sink) {
        long observed = System.nanoTime(); // the config (at start or reload) is what the static source observes
        RouteFacts facts = RouteFacts.of(NAME).withOrigin("config sources.static");
        List<Route> routes = new ArrayList<>(prefixes.size());
        for (Prefix p : prefixes) {
            routes.add(new Route(p, facts));
        }
        for (Path f : files) {
            RouteFacts fromFile = RouteFacts.of(NAME).withOrigin("static file " + f);
            try {
                long t0 = System.nanoTime();
                List<Prefix> read = reader.read(f);
                for (Prefix p : read) {
                    routes.add(new Route(p, fromFile));
                }
                LOG.log(Level.INFO, "{0}: {1} prefixes read in {2} ms", f, read.size(), (System.nanoTime() - t0) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                // Validated when the config was loaded; gone or unreadable since: announce what the others have.
                LOG.log(Level.ERROR, "{0}: cannot read, none of its prefixes is announced: {1}", f, e.toString());
            }
        }
        sink.replaceAll(NAME, routes, observed);
    }

    @Override
    public void close() {
        // Nothing runs in the background.
    }
}
