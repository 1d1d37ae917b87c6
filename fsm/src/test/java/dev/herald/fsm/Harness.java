package dev.herald.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.herald.codec.Keepalive;
import dev.herald.codec.Open;
import java.util.List;
import java.util.random.RandomGenerator;

/** Drives a BgpFsm with events and keeps the last actions for assertions. */
final class Harness {
    static final ConnectionId OUT1 = ConnectionId.outbound(1);
    static final ConnectionId OUT2 = ConnectionId.outbound(2);
    static final ConnectionId IN1 = ConnectionId.inbound(1);
    static final ConnectionId IN2 = ConnectionId.inbound(2);
    /** The timers most tests watch: OUT1's and the session's idle hold. */
    static final TimerId HOLD1 = TimerId.of(Timer.HOLD, OUT1);
    static final TimerId KEEPALIVE1 = TimerId.of(Timer.KEEPALIVE, OUT1);
    static final TimerId SEND_HOLD1 = TimerId.of(Timer.SEND_HOLD, OUT1);
    static final TimerId IDLE_HOLD = TimerId.session(Timer.IDLE_HOLD);

    final BgpFsm fsm;
    List<Action> actions = List.of();

    Harness(SessionConfig cfg, RandomGenerator random) {
        fsm = new BgpFsm(cfg, random);
    }

    Harness(SessionConfig cfg) {
        this(cfg, Fixtures.NO_JITTER);
    }

    Harness() {
        this(Fixtures.config());
    }

    List<Action> on(Event e) {
        actions = fsm.handle(e);
        return actions;
    }

    void expect(Action... expected) {
        assertEquals(List.of(expected), actions);
    }

    <T extends Action> T find(Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseGet(() -> fail("no " + type.getSimpleName() + " in " + actions));
    }

    boolean has(Action a) {
        return actions.contains(a);
    }

    /** ManualStart then the outgoing connect succeeds: OpenSent on out#1. */
    Harness toOpenSent() {
        on(new Event.ManualStart());
        on(new Event.TcpCrAcked(OUT1));
        assertEquals(State.OPEN_SENT, fsm.state());
        return this;
    }

    Harness toOpenConfirm(Open peer) {
        toOpenSent();
        on(new Event.BgpOpen(OUT1, peer));
        assertEquals(State.OPEN_CONFIRM, fsm.state(), () -> "actions " + actions);
        return this;
    }

    Harness toEstablished() {
        toOpenConfirm(Fixtures.peerOpen());
        on(new Event.KeepAliveMsg(OUT1));
        assertEquals(State.ESTABLISHED, fsm.state());
        return this;
    }

    static Action.Send send(ConnectionId c, dev.herald.codec.BgpMessage m) {
        return new Action.Send(c, m);
    }

    static Action.Send keepalive(ConnectionId c) {
        return new Action.Send(c, Keepalive.INSTANCE);
    }
}
