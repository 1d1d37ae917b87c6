package dev.herald.fsm;

import static dev.herald.fsm.Harness.HOLD1;
import static dev.herald.fsm.Harness.OUT1;
import static dev.herald.fsm.Harness.OUT2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectRetryTest {
    private static final TimerId RETRY = TimerId.session(Timer.CONNECT_RETRY);

    @Test
    void manualStartConnectsWithTheRetryTimerAsConnectTimeout() {
        Harness h = new Harness();
        assertEquals(State.IDLE, h.fsm.state());
        h.on(new Event.ManualStart());
        h.expect(new Action.Connect(OUT1), new Action.StartTimer(RETRY, Fixtures.RETRY));
        assertEquals(State.CONNECT, h.fsm.state());
        h.on(new Event.ManualStart());
        h.expect();
    }

    @Test
    void connectSuccessSendsOpenAndGoesToOpenSent() {
        Harness h = new Harness();
        h.on(new Event.ManualStart());
        h.on(new Event.TcpCrAcked(OUT1));
        h.expect(new Action.Send(OUT1, h.fsm.localOpen()), new Action.StartTimer(HOLD1, Duration.ofMinutes(4)),
                new Action.StopTimer(RETRY));
        assertEquals(State.OPEN_SENT, h.fsm.state());
    }

    @Test
    void refusedConnectWaitsInActiveAndRetriesWithDoublingDelay() {
        Harness h = new Harness();
        h.on(new Event.ManualStart());
        h.on(new Event.TcpConnectionFails(OUT1, "connection refused"));
        h.expect(new Action.CloseConnection(OUT1), new Action.ReportDown("connection refused", false),
                new Action.StopTimer(RETRY), new Action.StartTimer(RETRY, Duration.ofSeconds(10)));
        assertEquals(State.ACTIVE, h.fsm.state());
        assertEquals("connection refused", h.fsm.lastError());

        h.on(new Event.TimerExpired(RETRY));
        h.expect(new Action.Connect(OUT2), new Action.StartTimer(RETRY, Fixtures.RETRY));
        assertEquals(State.CONNECT, h.fsm.state());
        h.on(new Event.TcpConnectionFails(OUT2, "connection refused"));
        assertEquals(new Action.StartTimer(RETRY, Duration.ofSeconds(20)), h.actions.getLast());

        int seq = 3;
        for (long expected : new long[] {40, 60, 60}) {
            h.on(new Event.TimerExpired(RETRY));
            ConnectionId next = ConnectionId.outbound(seq++);
            assertTrue(h.has(new Action.Connect(next)));
            h.on(new Event.TcpConnectionFails(next, "connection refused"));
            assertEquals(new Action.StartTimer(RETRY, Duration.ofSeconds(expected)), h.actions.getLast(), "capped at 60s");
        }
    }

    @Test
    void connectTimeoutAbandonsTheAttempt() {
        Harness h = new Harness();
        h.on(new Event.ManualStart());
        h.on(new Event.TimerExpired(RETRY));
        h.expect(new Action.CloseConnection(OUT1), new Action.ReportDown("connect timed out", false),
                new Action.StartTimer(RETRY, Duration.ofSeconds(10)));
        assertEquals(State.ACTIVE, h.fsm.state());
        // The late success of the abandoned attempt is closed.
        h.on(new Event.TcpCrAcked(OUT1));
        h.expect(new Action.CloseConnection(OUT1));
    }

    @Test
    void jitterShortensDelaysByAtMostAQuarter() {
        Harness h = new Harness(Fixtures.config(), Fixtures.MIN_JITTER);
        h.on(new Event.ManualStart());
        h.on(new Event.TcpConnectionFails(OUT1, "connection refused"));
        assertEquals(new Action.StartTimer(RETRY, Duration.ofMillis(7500)), h.actions.getLast());
    }

    @Test
    void backoffDoublesUpToTheCapWithJitterInRange() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(300), Fixtures.NO_JITTER);
        assertEquals(Duration.ofSeconds(5), b.delay(0));
        assertEquals(Duration.ofSeconds(5), b.delay(1));
        assertEquals(Duration.ofSeconds(10), b.delay(2));
        assertEquals(Duration.ofSeconds(160), b.delay(6));
        assertEquals(Duration.ofSeconds(300), b.delay(7));
        assertEquals(Duration.ofSeconds(300), b.delay(1000));
        Backoff random = new Backoff(Duration.ofSeconds(8), Duration.ofSeconds(300), new java.util.SplittableRandom(7));
        for (int i = 0; i < 100; i++) {
            long ms = random.delay(1).toMillis();
            assertTrue(ms >= 6000 && ms <= 8000, "in [0.75, 1] x base: " + ms);
        }
    }

    @Test
    void passiveSessionNeverConnectsOut() {
        Harness h = new Harness(Fixtures.config("10.0.0.1", 65001, 65002, true));
        h.on(new Event.ManualStart());
        h.expect();
        assertEquals(State.ACTIVE, h.fsm.state());
        h.on(new Event.TcpConnectionConfirmed(Harness.IN1));
        assertEquals(State.OPEN_SENT, h.fsm.state());
        h.on(new Event.TcpConnectionFails(Harness.IN1, "connection reset"));
        h.expect(new Action.CloseConnection(Harness.IN1), new Action.StopTimer(TimerId.of(Timer.HOLD, Harness.IN1)),
                new Action.ReportDown("connection reset", false));
        assertEquals(State.ACTIVE, h.fsm.state());
    }

    @Test
    void idleRefusesIncomingConnections() {
        Harness h = new Harness();
        h.on(new Event.TcpConnectionConfirmed(Harness.IN1));
        h.expect(new Action.CloseConnection(Harness.IN1));
        assertEquals(State.IDLE, h.fsm.state());
    }

    @Test
    void idleHoldAfterAnErrorThenAutomaticRestart() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.NotifMsg(OUT1, new dev.herald.codec.Notification(6, 4)));
        TimerId idleHold = TimerId.session(Timer.IDLE_HOLD);
        assertTrue(h.has(new Action.StartTimer(idleHold, Duration.ofSeconds(10))), () -> h.actions.toString());
        assertEquals(State.IDLE, h.fsm.state());
        h.on(new Event.TcpConnectionConfirmed(Harness.IN1));
        h.expect(new Action.CloseConnection(Harness.IN1));
        h.on(new Event.TimerExpired(idleHold));
        h.expect(new Action.Connect(OUT2), new Action.StartTimer(RETRY, Fixtures.RETRY));
        assertEquals(State.CONNECT, h.fsm.state());
    }

    @Test
    void establishedResetsTheConnectRetryCounter() {
        Harness h = new Harness();
        h.on(new Event.ManualStart());
        h.on(new Event.TcpConnectionFails(OUT1, "connection refused"));
        assertEquals(1, h.fsm.connectRetryCounter());
        h.on(new Event.TimerExpired(RETRY));
        h.on(new Event.TcpCrAcked(OUT2));
        h.on(new Event.BgpOpen(OUT2, Fixtures.peerOpen()));
        h.on(new Event.KeepAliveMsg(OUT2));
        assertEquals(State.ESTABLISHED, h.fsm.state());
        assertEquals(0, h.fsm.connectRetryCounter());
    }

    @Test
    void staleTimerExpiriesAreIgnored() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.TimerExpired(RETRY));
        h.expect();
        h.on(new Event.TimerExpired(TimerId.of(Timer.HOLD, OUT2)));
        h.expect();
        assertEquals(State.ESTABLISHED, h.fsm.state());
    }
}
