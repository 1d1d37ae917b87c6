package dev.herald.fsm;

import dev.herald.codec.Family;
import dev.herald.codec.Keepalive;
import dev.herald.codec.Notification;
import dev.herald.codec.Open;
import dev.herald.fsm.Connection.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The BGP finite state machine of RFC 4271 section 8 for one peer, as pure code: {@link #handle}
 * takes an event and returns the actions to carry out. No sockets, threads or clock; timers are
 * actions out and events in. Not thread-safe: one owner feeds it.
 *
 * <p>RFC 4271 runs one FSM per TCP connection; here one object holds a session's connections
 * (at most an outgoing and an incoming one, during a collision), so collision detection
 * (section 6.8) is a local decision. The reported {@link #state()} is that of the connection
 * that got furthest.
 *
 * <p>Behaviour chosen within what the RFC allows:
 * <ul>
 * <li>Automatic restart: after an error the session waits in Idle on the IdleHoldTimer, then
 *     starts again (events 3/5); the wait grows with ConnectRetryCounter like the connect retry.
 * <li>A failed or timed-out connect goes to Active and retries when the ConnectRetryTimer runs
 *     out; the delay doubles per consecutive failure up to a cap, with jitter.
 *     ConnectRetryCounter is reset on Established and on ManualStop.
 * <li>A passive session never connects out; it waits in Active for the peer.
 * <li>An incoming connection while Established is closed at once (6.8).
 * <li>On Established, herald's own connection still waiting in OpenSent is reset (TCP RST, no
 *     NOTIFICATION) rather than left to lose the collision when the peer's OPEN comes (ADR 0017).
 * <li>The HoldTimer restarts on every KEEPALIVE, UPDATE or ROUTE-REFRESH.
 * <li>The RFC 9687 SendHoldTimer (larger of the configured floor and twice the hold time) runs
 *     while the transport reports it cannot write; not used when the hold time is 0.
 * </ul>
 */
public final class BgpFsm {

    private SessionConfig cfg;
    private final Backoff backoff;
    private Open localOpen;
    private final int localId;
    private final Map<ConnectionId, Connection> connections = new LinkedHashMap<>();
    private final Set<TimerId> running = new HashSet<>();
    private boolean started;
    private boolean idleHold;
    private boolean established;
    private int connectRetryCounter;
    private int nextOutbound = 1;
    private String lastError = "";
    private List<Action> out = new ArrayList<>();

    public BgpFsm(SessionConfig cfg, RandomGenerator random) {
        this.cfg = cfg;
        this.backoff = new Backoff(cfg.connectRetryTime(), cfg.connectRetryMaxTime(), random);
        this.localOpen = LocalOpen.build(cfg);
        this.localId = Identifiers.toInt(cfg.routerId());
    }

    public SessionConfig config() {
        return cfg;
    }

    public Open localOpen() {
        return localOpen;
    }

    public State state() {
        if (!started || idleHold) {
            return State.IDLE;
        }
        return connections.values().stream().map(c -> c.phase.state).max(Enum::compareTo).orElse(State.ACTIVE);
    }

    /** The reason the last connection or attempt ended, or "" when none has. */
    public String lastError() {
        return lastError;
    }

    public int connectRetryCounter() {
        return connectRetryCounter;
    }

    /** What the Established connection negotiated, if there is one. */
    public Optional<Negotiated> negotiated() {
        return connections.values().stream().filter(c -> c.phase == Phase.ESTABLISHED).findFirst().map(c -> c.negotiated);
    }

    /** Handles one event; returns the actions to carry out, in order. */
    public List<Action> handle(Event event) {
        out = new ArrayList<>();
        switch (event) {
            case Event.ManualStart e -> manualStart();
            case Event.ManualStop e -> manualStop(e.why(), e.keepRoutes());
            case Event.AutomaticStop e -> automaticStop(e.why(), e.reason());
            case Event.TimerExpired e -> timerExpired(e.timer());
            case Event.TcpCrAcked e -> tcpCrAcked(e.connection());
            case Event.TcpConnectionConfirmed e -> tcpConnectionConfirmed(e.connection());
            case Event.TcpConnectionFails e -> tcpConnectionFails(e.connection(), e.reason());
            case Event.BgpOpen e -> bgpOpen(e.connection(), e.open());
            case Event.KeepAliveMsg e -> messageAfterOpen(e.connection(), e, "KEEPALIVE");
            case Event.UpdateMsg e -> messageAfterOpen(e.connection(), e, "UPDATE");
            case Event.NotifMsg e -> notifMsg(e.connection(), e.notification());
            case Event.RouteRefreshMsg e -> messageAfterOpen(e.connection(), e, "ROUTE-REFRESH");
            case Event.DecodeError e -> decodeError(e.connection(), e.notification(), e.reason());
            case Event.SendBlocked e -> sendBlocked(e.connection());
            case Event.SendUnblocked e -> stopTimer(TimerId.of(Timer.SEND_HOLD, e.connection()));
            case Event.SendProgress e -> sendProgress(e.connection());
        }
        reconcileConnectRetry();
        List<Action> result = List.copyOf(out);
        out = new ArrayList<>();
        return result;
    }

    private void manualStart() {
        if (started) {
            return; // RFC 4271 8.2.2: ignored outside Idle
        }
        started = true;
        idleHold = false;
        connectRetryCounter = 0;
        automaticStart();
    }

    private void automaticStart() {
        if (!cfg.passive()) {
            initiateConnect();
        }
    }

    private void initiateConnect() {
        ConnectionId id = ConnectionId.outbound(nextOutbound++);
        connections.put(id, new Connection(id, Phase.CONNECTING));
        out.add(new Action.Connect(id));
        // In Connect the ConnectRetryTimer bounds how long the connect may take.
        startTimer(TimerId.session(Timer.CONNECT_RETRY), cfg.connectRetryTime());
    }

    private void manualStop(Notification why, boolean keepRoutes) {
        if (!started) {
            return;
        }
        boolean wasEstablished = established;
        Notification sentOnSession = why;
        for (Connection c : List.copyOf(connections.values())) {
            Notification n = why == null ? null
                    : keepRoutes ? GracefulStop.notification(why, c.negotiated) : HardReset.wrapIfNeeded(why, c.negotiated);
            if (c.phase == Phase.ESTABLISHED) {
                sentOnSession = n;
            }
            drop(c, n);
        }
        for (TimerId t : List.copyOf(running)) {
            stopTimer(t);
        }
        started = false;
        idleHold = false;
        established = false;
        connectRetryCounter = 0;
        lastError = sentOnSession == null
                ? "stopped without NOTIFICATION (graceful restart: the peer keeps the routes as stale)"
                        + (why == null ? "" : ", for " + NotificationText.describe(why))
                : "stopped, sent NOTIFICATION " + NotificationText.describe(sentOnSession);
        if (wasEstablished) {
            out.add(new Action.ReportDown(lastError, true));
        }
    }

    private void automaticStop(Notification why, String reason) {
        for (Connection c : List.copyOf(connections.values())) {
            if (c.phase == Phase.ESTABLISHED) {
                fail(c.id, HardReset.wrapIfNeeded(why, c.negotiated), reason);
                return;
            }
        }
    }

    private void timerExpired(TimerId timer) {
        if (!running.remove(timer)) {
            return; // stopped or restarted since: a stale expiry
        }
        switch (timer.timer()) {
            case CONNECT_RETRY -> connectRetryExpired();
            case IDLE_HOLD -> {
                idleHold = false;
                automaticStart();
            }
            case HOLD -> fail(timer.connection(), new Notification(Notification.HOLD_TIMER_EXPIRED, 0),
                    holdExpiredReason(timer.connection()));
            case KEEPALIVE -> keepaliveExpired(timer.connection());
            case SEND_HOLD -> fail(timer.connection(), new Notification(Notification.SEND_HOLD_TIMER_EXPIRED, 0),
                    "send hold timer expired");
        }
    }

    /** GTSM and TCP-MD5 failures are silent drops in the kernel: say what they look like. */
    private String holdExpiredReason(ConnectionId id) {
        Connection c = connections.get(id);
        if (c != null && c.phase == Phase.OPEN_SENT && cfg.minTtl() > 0) {
            return "hold timer expired in OpenSent (GTSM is on for this peer: its packets arriving with a TTL below "
                    + cfg.minTtl() + " are dropped by the kernel, which looks exactly like this)";
        }
        return "hold timer expired";
    }

    private void connectRetryExpired() {
        Optional<Connection> pending = connections.values().stream()
                .filter(c -> c.phase == Phase.CONNECTING).findFirst();
        if (pending.isPresent()) {
            Connection c = pending.get();
            drop(c, null);
            ended(c, cfg.hasTcpMd5() ? "connect timed out (TCP-MD5 is on for this peer: a wrong or missing password"
                    + " on either side looks exactly like this)" : "connect timed out", true);
        } else if (connections.isEmpty()) {
            initiateConnect();
        }
    }

    private void keepaliveExpired(ConnectionId id) {
        Connection c = connections.get(id);
        if (c != null && (c.phase == Phase.OPEN_CONFIRM || c.phase == Phase.ESTABLISHED)) {
            out.add(new Action.Send(id, Keepalive.INSTANCE));
            startTimer(TimerId.of(Timer.KEEPALIVE, id), backoff.jitter(c.negotiated.keepaliveTime()));
        }
    }

    private void tcpCrAcked(ConnectionId id) {
        Connection c = connections.get(id);
        if (c == null || c.phase != Phase.CONNECTING) {
            out.add(new Action.CloseConnection(id)); // an attempt we gave up on
            return;
        }
        c.phase = Phase.OPEN_SENT;
        sendOpen(c);
    }

    private void tcpConnectionConfirmed(ConnectionId id) {
        if (!started || idleHold || established || connections.containsKey(id)) {
            // Idle refuses connections (8.2.2); an Established session keeps its connection (6.8).
            out.add(new Action.CloseConnection(id));
            return;
        }
        Connection c = new Connection(id, Phase.OPEN_SENT);
        connections.put(id, c);
        sendOpen(c);
    }

    private void sendOpen(Connection c) {
        out.add(new Action.Send(c.id, localOpen));
        startTimer(TimerId.of(Timer.HOLD, c.id), cfg.openHoldTime());
    }

    private void tcpConnectionFails(ConnectionId id, String reason) {
        Connection c = connections.get(id);
        if (c == null) {
            return;
        }
        drop(c, null);
        // OpenSent falls back to Active (8.2.2); OpenConfirm and Established go to Idle.
        ended(c, reason, c.phase == Phase.CONNECTING || c.phase == Phase.OPEN_SENT);
    }

    private void bgpOpen(ConnectionId id, Open open) {
        Connection c = connections.get(id);
        if (c == null) {
            return;
        }
        switch (c.phase) {
            case OPEN_SENT -> openReceived(c, open);
            case OPEN_CONFIRM -> fsmError(c, 2, "OPEN");
            case ESTABLISHED -> fsmError(c, 3, "OPEN");
            case CONNECTING -> throw new IllegalStateException("OPEN before the connection is up");
        }
    }

    private void openReceived(Connection c, Open open) {
        Optional<OpenCheck.Refusal> refusal = OpenCheck.check(open, cfg);
        if (refusal.isPresent()) {
            fail(c.id, refusal.get().notification(), refusal.get().reason());
            return;
        }
        c.peerOpen = open;
        c.negotiated = Negotiation.of(localOpen, open);
        c.phase = Phase.OPEN_CONFIRM;
        if (!resolveCollisions(c)) {
            return;
        }
        out.add(new Action.UseCodecContext(c.id, c.negotiated.codecContext()));
        out.add(new Action.Send(c.id, Keepalive.INSTANCE));
        int hold = c.negotiated.holdTime();
        if (hold > 0) {
            startTimer(TimerId.of(Timer.HOLD, c.id), Duration.ofSeconds(hold));
            startTimer(TimerId.of(Timer.KEEPALIVE, c.id), backoff.jitter(c.negotiated.keepaliveTime()));
        } else {
            // RFC 4271 starts no HoldTimer for hold time 0, but herald still bounds the wait for
            // the peer's KEEPALIVE: otherwise a peer could park a connection in OpenConfirm forever.
            startTimer(TimerId.of(Timer.HOLD, c.id), cfg.openHoldTime());
        }
    }

    /**
     * RFC 4271 6.8, run when {@code c} has just received its OPEN. Returns false when {@code c}
     * lost and was closed.
     */
    private boolean resolveCollisions(Connection c) {
        for (Connection other : List.copyOf(connections.values())) {
            if (other == c || other.peerOpen == null) {
                continue; // without the other's OPEN there is no identifier to compare yet
            }
            Connection loser = other.phase == Phase.ESTABLISHED ? c : collisionLoser(c, other);
            drop(loser, new Notification(Notification.CEASE, Notification.CEASE_CONNECTION_COLLISION));
            if (loser == c) {
                return false;
            }
        }
        return true;
    }

    /** Keeps the connection initiated by the side with the higher BGP Identifier (RFC 6286 2.3 on a tie). */
    private Connection collisionLoser(Connection a, Connection b) {
        if (a.id.inbound() == b.id.inbound()) {
            return a.id.seq() < b.id.seq() ? a : b; // the peer dialled twice: the older one is stale
        }
        int cmp = Integer.compareUnsigned(localId, a.peerOpen.bgpIdentifier());
        boolean localInitiatedSurvives = cmp > 0 || (cmp == 0 && cfg.localAsn() > cfg.remoteAsn());
        Connection outbound = a.id.inbound() ? b : a;
        Connection inbound = a.id.inbound() ? a : b;
        return localInitiatedSurvives ? inbound : outbound;
    }

    /**
     * KEEPALIVE, UPDATE or ROUTE-REFRESH (Events 26 and 27, RFC 2918): only an Established
     * connection takes them, but for the KEEPALIVE that confirms the OPEN; before that each is an
     * FSM error with the RFC 6608 subcode of the state it came in.
     */
    private void messageAfterOpen(ConnectionId id, Event e, String what) {
        Connection c = connections.get(id);
        if (c == null) {
            return;
        }
        switch (c.phase) {
            case OPEN_SENT -> fsmError(c, 1, what);
            case OPEN_CONFIRM -> {
                if (e instanceof Event.KeepAliveMsg) {
                    establish(c);
                } else {
                    fsmError(c, 2, what);
                }
            }
            case ESTABLISHED -> {
                restartHold(c);
                if (e instanceof Event.RouteRefreshMsg r) {
                    routeRefresh(c, r.message());
                }
            }
            case CONNECTING -> throw new IllegalStateException(what + " before the connection is up");
        }
    }

    private void establish(Connection c) {
        if (c.negotiated.holdTime() == 0) {
            stopTimer(TimerId.of(Timer.HOLD, c.id)); // the bound on OpenConfirm, see openReceived
        }
        restartHold(c);
        c.phase = Phase.ESTABLISHED;
        established = true;
        connectRetryCounter = 0;
        if (cfg.restarted()) {
            // RFC 4724 3: R only in the OPEN right after the restart, not after later session resets.
            cfg = cfg.withRestarted(false);
            localOpen = LocalOpen.build(cfg);
        }
        for (Connection other : List.copyOf(connections.values())) {
            if (other.phase == Phase.CONNECTING) {
                drop(other, null); // no longer needed
            } else if (other.phase == Phase.OPEN_SENT && !other.id.inbound()) {
                // Would lose to the Established one as soon as the peer's OPEN came (6.8). The peer may
                // not have accepted it yet, and BIRD 2 takes a connection it accepts during an
                // Established session with graceful restart for a restart of ours and resets that
                // session (ADR 0017): a RST withdraws a half-open connection, a NOTIFICATION or FIN
                // would complete its handshake.
                out.add(new Action.AbortConnection(other.id));
                forget(other);
            }
        }
        out.add(new Action.ReportEstablished(c.id, c.negotiated));
    }

    private void routeRefresh(Connection c, dev.herald.codec.RouteRefresh rr) {
        Family f = rr.family();
        // RFC 2918 4: a family that was not negotiated is ignored; BoRR/EoRR only concern a receiver.
        if (f != null && rr.subtype() == 0 && c.negotiated.families().contains(f)) {
            out.add(new Action.ReportRouteRefresh(f));
        }
    }

    private void notifMsg(ConnectionId id, Notification n) {
        Connection c = connections.get(id);
        if (c == null) {
            return;
        }
        drop(c, null);
        ended(c, "peer sent NOTIFICATION " + NotificationText.describe(n), false);
    }

    private void decodeError(ConnectionId id, Notification n, String reason) {
        fail(id, n, reason);
    }

    private void sendBlocked(ConnectionId id) {
        Connection c = connections.get(id);
        if (c == null || !c.connected()) {
            return;
        }
        int hold = c.negotiated == null ? cfg.holdTime() : c.negotiated.holdTime();
        TimerId t = TimerId.of(Timer.SEND_HOLD, id);
        if (hold > 0 && !running.contains(t)) {
            startTimer(t, sendHoldTime(hold));
        }
    }

    /** A blocked connection's peer took bytes: the SendHoldTimer, if running, starts over. */
    private void sendProgress(ConnectionId id) {
        Connection c = connections.get(id);
        TimerId t = TimerId.of(Timer.SEND_HOLD, id);
        if (c != null && running.contains(t)) {
            startTimer(t, sendHoldTime(c.negotiated == null ? cfg.holdTime() : c.negotiated.holdTime()));
        }
    }

    /** RFC 9687 3: the larger of the configured SendHoldTime and twice the hold time. */
    private Duration sendHoldTime(int hold) {
        Duration twice = Duration.ofSeconds(2L * hold);
        return twice.compareTo(cfg.sendHoldTime()) > 0 ? twice : cfg.sendHoldTime();
    }

    /** RFC 6608 subcodes: 1 OpenSent, 2 OpenConfirm, 3 Established. */
    private void fsmError(Connection c, int subcode, String what) {
        fail(c.id, new Notification(Notification.FSM_ERROR, subcode), "unexpected " + what + " in " + c.phase.state);
    }

    /** Sends {@code n}, closes the connection and goes to Idle. */
    private void fail(ConnectionId id, Notification n, String reason) {
        Connection c = connections.get(id);
        if (c == null) {
            return;
        }
        drop(c, n);
        ended(c, reason + ", sent NOTIFICATION " + NotificationText.describe(n), false);
    }

    private void restartHold(Connection c) {
        if (c.negotiated.holdTime() > 0) {
            startTimer(TimerId.of(Timer.HOLD, c.id), Duration.ofSeconds(c.negotiated.holdTime()));
        }
    }

    /** Sends {@code why} when TCP is up, closes and forgets the connection and its timers. */
    private void drop(Connection c, Notification why) {
        if (why != null && c.connected()) {
            out.add(new Action.Send(c.id, why));
        }
        out.add(new Action.CloseConnection(c.id));
        forget(c);
    }

    /** Forgets the connection and stops its timers. */
    private void forget(Connection c) {
        connections.remove(c.id);
        for (Timer t : Timer.values()) {
            if (t.perConnection()) {
                stopTimer(TimerId.of(t, c.id));
            }
        }
    }

    /**
     * A connection that was dropped ended the session or the attempt, unless another one is
     * still going (a collision loser, say).
     *
     * @param toActive an RFC "TcpConnectionFails in Connect/OpenSent": retry from Active
     *                 rather than back off in Idle
     */
    private void ended(Connection c, String reason, boolean toActive) {
        lastError = reason;
        boolean wasEstablished = c.phase == Phase.ESTABLISHED;
        if (!wasEstablished && !connections.isEmpty()) {
            return;
        }
        for (Connection other : List.copyOf(connections.values())) {
            drop(other, null);
        }
        established = false;
        connectRetryCounter++;
        out.add(new Action.ReportDown(reason, wasEstablished));
        // Whatever it timed, the ConnectRetryTimer starts afresh with the back-off delay.
        stopTimer(TimerId.session(Timer.CONNECT_RETRY));
        if (!toActive) {
            idleHold = true;
            startTimer(TimerId.session(Timer.IDLE_HOLD), backoff.delay(connectRetryCounter));
        }
    }

    /** In Active with no connection the ConnectRetryTimer must run; once TCP is up it must not. */
    private void reconcileConnectRetry() {
        TimerId retry = TimerId.session(Timer.CONNECT_RETRY);
        if (!started || idleHold || cfg.passive()) {
            return;
        }
        if (connections.isEmpty()) {
            if (!running.contains(retry)) {
                startTimer(retry, backoff.delay(connectRetryCounter));
            }
        } else if (connections.values().stream().noneMatch(c -> c.phase == Phase.CONNECTING)) {
            stopTimer(retry);
        }
    }

    private void startTimer(TimerId t, Duration d) {
        running.add(t);
        out.add(new Action.StartTimer(t, d));
    }

    private void stopTimer(TimerId t) {
        if (running.remove(t)) {
            out.add(new Action.StopTimer(t));
        }
    }
}
