package dev.herald.interop.compare;

import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A {@link Sender} that is a lab {@link Router} (FRR, GoBGP): started with one neighbour per
 * session, then loaded with the bulk set by a step of its own.
 */
abstract class RouterSender implements Sender {
    final Router router;
    private final String impl;

    RouterSender(String impl, Router router) {
        this.impl = impl;
        this.router = router;
    }

    /** {@code kind} in the sender namespace, AS 65010, a neighbour (AS 65001, both families, the bench's hold time) per session. */
    static Router startRouter(RouterKind kind, BenchLan lan, List<Session> sessions, Path dir) {
        List<RouterConfig.Neighbor> neighbors = sessions.stream().map(s -> new RouterConfig.Neighbor(s.remote(), 65001, s.local(),
                Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), RouterConfig.Options.NONE.withHoldTime(Bench.HOLD_TIME))).toList();
        return kind.start(lan.senderNs(), new RouterConfig(65010, lan.senderV4(1), neighbors), dir);
    }

    /** {@code sender} once {@code load} (its bulk set loaded) has run; a sender whose load fails is closed, not leaked. */
    static <S extends RouterSender> S closeOnFailure(S sender, Runnable load) {
        try {
            load.run();
            return sender;
        } catch (RuntimeException | AssertionError e) {
            sender.close();
            throw e;
        }
    }

    @Override
    public String impl() {
        return impl;
    }

    @Override
    public String version() {
        return CompareVersions.release(router);
    }

    @Override
    public void checkAlive() {
        router.checkAlive();
    }

    @Override
    public void close() {
        router.close();
    }

    @Override
    public String toString() {
        return impl + " sender " + router;
    }
}
