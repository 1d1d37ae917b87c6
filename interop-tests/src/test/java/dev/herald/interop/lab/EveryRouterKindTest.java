package dev.herald.interop.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;

/** The composed source gives each of the twelve router kinds once (JUnit finds @EnumSource through it). */
class EveryRouterKindTest {
    private static final Set<RouterKind> SEEN = EnumSet.noneOf(RouterKind.class);
    private static int calls;

    @ParameterizedTest
    @EveryRouterKind
    void oneCallPerKind(RouterKind kind) {
        SEEN.add(kind);
        calls++;
    }

    @AfterAll
    static void twelveKindsOnce() {
        assertEquals(12, calls);
        assertEquals(12, SEEN.size());
    }
}
