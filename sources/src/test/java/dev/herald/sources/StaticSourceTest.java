package dev.herald.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.codec.Prefix;
import dev.herald.rib.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticSourceTest {
    @Test
    void offersEveryConfiguredPrefixAsOneCompleteView() {
        List<Prefix> ps = List.of(Prefix.parse("203.0.113.0/24"), Prefix.parse("2001:db8:100::/48"));
        List<Collection<Route>> views = new ArrayList<>();
        try (StaticSource s = new StaticSource(ps)) {
            s.start(new RouteSink() {
                @Override
                public void replaceAll(String source, Collection<Route> routes) {
                    assertEquals("static", source);
                    views.add(routes);
                }

                @Override
                public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
                    throw new AssertionError("static routes come as one view");
                }
            });
        }
        assertEquals(1, views.size());
        assertEquals(ps, views.getFirst().stream().map(Route::prefix).toList());
        assertEquals("config sources.static", views.getFirst().iterator().next().facts().origin());
    }

    @Test
    void prefixFilesAreReadAtStartWithTheirOriginAndAnUnreadableOneIsSkipped() {
        java.nio.file.Path good = java.nio.file.Path.of("/etc/herald/good.txt");
        java.nio.file.Path gone = java.nio.file.Path.of("/etc/herald/gone.txt");
        List<Collection<Route>> views = new ArrayList<>();
        try (StaticSource s = new StaticSource(List.of(Prefix.parse("192.0.2.0/24")), List.of(gone, good), f -> {
            if (f.equals(gone)) {
                throw new java.nio.file.NoSuchFileException(f.toString());
            }
            return List.of(Prefix.parse("203.0.113.0/24"), Prefix.parse("2001:db8::/32"));
        })) {
            s.start(new RouteSink() {
                @Override
                public void replaceAll(String source, Collection<Route> routes) {
                    views.add(routes);
                }

                @Override
                public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
                    throw new AssertionError();
                }
            });
        }
        List<Route> routes = List.copyOf(views.getFirst());
        assertEquals(List.of(Prefix.parse("192.0.2.0/24"), Prefix.parse("203.0.113.0/24"), Prefix.parse("2001:db8::/32")),
                routes.stream().map(Route::prefix).toList());
        assertEquals("static file /etc/herald/good.txt", routes.get(1).facts().origin());
        assertEquals(routes.get(1).facts(), routes.get(2).facts(), "one facts object for a whole file");
    }
}
