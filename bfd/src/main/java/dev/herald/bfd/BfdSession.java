package dev.herald.bfd;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One BFD session in asynchronous mode (RFC 5880 6.2, 6.8) as pure code: every input is a method
 * call with the time in nanos on the caller's clock, every output an {@link Effects}. It owns no
 * thread, socket or timer (ADR 0016); the I/O shell sends what it is told and calls
 * {@link #timerExpired} at {@link Effects#wakeAt()}.
 *
 * <p>What it does:
 * <ul>
 *   <li>the state machine of 6.2 with the reception rules of 6.8.6 (the checks that need no
 *       session are {@link ControlPacketCodec}'s; selecting the session is the caller's);</li>
 *   <li>the detection time of 6.8.4: the remote Detect Mult times the larger of the local
 *       Required Min RX and the remote Desired Min TX; on expiry an Init or Up session goes Down
 *       with diagnostic 1, and bfd.RemoteDiscr is cleared;</li>
 *   <li>periodic transmission (6.8.7) every max(local Desired Min TX, remote Required Min RX),
 *       less a jitter of 0-25 % (10-25 % when the local Detect Mult is 1) drawn from the
 *       caller's random source; when the interval shortens, the next packet is due within the
 *       new one; nothing periodic while the remote Required Min RX is 0;</li>
 *   <li>slow start (6.8.3): while not Up, the Desired Min TX advertised and used is at least
 *       1 s; on reaching Up the configured value applies through a Poll Sequence;</li>
 *   <li>Poll/Final (6.5, 6.8.3): a change of the advertised Desired Min TX or Required Min RX
 *       while Up sets P in every periodic packet until a packet with F arrives. An increased TX
 *       interval is used, and a decreased RX interval counted in the detection time, only after
 *       the Final; a decreased TX or increased RX applies at once (both are safe for the peer).
 *       A change during a Poll Sequence runs the sequence on for one more Final, since a Final
 *       already on its way may answer the older values. A received P is answered at once with
 *       a packet with F set and P clear.</li>
 * </ul>
 *
 * <p>What it does not: Demand mode (D is sent as 0, so the peer keeps sending periodically and
 * herald's detection time is always the asynchronous one of 6.8.4; a peer that sets D is
 * honoured as 6.8.7 requires: while both are Up and herald is not polling, herald sends it
 * nothing periodic), the Echo function (Required Min
 * Echo RX is sent as 0, so the peer sends no echoes), authentication (packets with A are dropped
 * by the codec) and the passive role (herald always sends first). The C bit is sent as 0: herald's
 * BFD shares fate with its control plane (ADR 0016, RFC 5882 4.3).
 *
 * <p>Packets outside the periodic schedule: the Final answering a Poll (6.8.7 allows it) and one
 * AdminDown packet on {@link #adminDown}, so a planned stop reaches the peer before the process
 * goes (RFC 5882 3.2).
 *
 * <p>Not thread-safe: one thread of the shell owns a session.
 */
public final class BfdSession {
    /** 6.8.3: the least Desired Min TX while the session is not Up, in microseconds. */
    public static final long SLOW_START_TX = 1_000_000;

    private final int localDiscriminator;
    private final RandomGenerator random;
    private Parameters config;

    private State state = State.DOWN;
    private Diagnostic localDiag = Diagnostic.NO_DIAGNOSTIC;
    private int remoteDiscriminator;
    private State remoteState = State.DOWN;
    private boolean remoteDemand;
    /** bfd.RemoteMinRxInterval: 6.8.1 starts it at 1 us. */
    private long remoteMinRxInterval = 1;
    private long remoteDesiredMinTxInterval;
    private int remoteDetectMult;

    /** A Poll Sequence is being sent. */
    private boolean polling;
    /** The values changed again during the Poll Sequence: one more Final is needed. */
    private boolean repoll;
    /** The Desired Min TX the transmit interval uses: lags an increase until the Final. */
    private long txInUse;
    /** The Required Min RX the detection time uses: lags a decrease until the Final. */
    private long rxInUse;

    private long transmitAt;
    private long detectionDeadline = Effects.NEVER;

    /**
     * A session in state Down that sends its first packet at {@code now}.
     *
     * @param localDiscriminator bfd.LocalDiscr: non-zero and unique among the caller's sessions
     * @param random the jitter source (6.8.7); tests pass a seeded one
     */
    public BfdSession(int localDiscriminator, Parameters parameters, RandomGenerator random, long now) {
        if (localDiscriminator == 0) {
            throw new IllegalArgumentException("the local discriminator must be non-zero (RFC 5880 6.8.1)");
        }
        this.localDiscriminator = localDiscriminator;
        this.config = parameters;
        this.random = random;
        this.txInUse = advertisedTx();
        this.rxInUse = parameters.requiredMinRxInterval();
        this.transmitAt = now;
    }

    /**
     * A packet the codec accepted and the caller selected this session for (6.8.6): by Your
     * Discriminator, or by addresses when that is 0.
     */
    public Effects receive(ControlPacket p, long now) {
        if (p.yourDiscriminator() != 0 && p.yourDiscriminator() != localDiscriminator) {
            throw new IllegalArgumentException("packet for discriminator "
                    + Integer.toUnsignedString(p.yourDiscriminator()) + " given to session "
                    + Integer.toUnsignedString(localDiscriminator));
        }
        long interval = transmitInterval();
        remoteDiscriminator = p.myDiscriminator();
        remoteState = p.state();
        remoteDemand = p.demand();
        remoteMinRxInterval = p.requiredMinRxInterval();
        remoteDesiredMinTxInterval = p.desiredMinTxInterval();
        remoteDetectMult = p.detectMult();
        if (polling && p.fin()) {
            terminatePoll();
        }
        detectionDeadline = now + detectionTime() * 1000;
        if (state == State.ADMIN_DOWN) {
            sooner(interval, now);
            return effects(Optional.empty(), null);
        }
        StateChange change = null;
        if (p.state() == State.ADMIN_DOWN) {
            if (state != State.DOWN) {
                change = moveTo(State.DOWN, Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
            }
        } else {
            switch (state) {
                case DOWN -> {
                    if (p.state() == State.DOWN) {
                        change = moveTo(State.INIT, localDiag);
                    } else if (p.state() == State.INIT) {
                        change = moveTo(State.UP, Diagnostic.NO_DIAGNOSTIC);
                    }
                }
                case INIT -> {
                    if (p.state() == State.INIT || p.state() == State.UP) {
                        change = moveTo(State.UP, Diagnostic.NO_DIAGNOSTIC);
                    }
                }
                case UP -> {
                    if (p.state() == State.DOWN) {
                        change = moveTo(State.DOWN, Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
                    }
                }
                case ADMIN_DOWN -> throw new AssertionError("handled above");
            }
        }
        sooner(interval, now);
        // 6.8.7: a Poll is answered "as soon as practicable", outside the periodic schedule.
        return effects(p.poll() ? Optional.of(packet(false, true)) : Optional.empty(), change);
    }

    /**
     * The shell's timer fired: the detection time passed (6.8.4) and/or a periodic packet is due
     * (6.8.7). A call before either is due (a stale timer) changes nothing.
     */
    public Effects timerExpired(long now) {
        long interval = transmitInterval();
        StateChange change = null;
        if (now >= detectionDeadline) {
            detectionDeadline = Effects.NEVER;
            // 6.8.1: bfd.RemoteDiscr is cleared when a Detection Time passes without a packet.
            remoteDiscriminator = 0;
            if (state == State.INIT || state == State.UP) {
                change = moveTo(State.DOWN, Diagnostic.CONTROL_DETECTION_TIME_EXPIRED);
            }
        }
        Optional<ControlPacket> send = Optional.empty();
        if (now >= transmitAt) {
            if (remoteMinRxInterval != 0 && !remoteDemandActive()) {
                send = Optional.of(packet(polling, false));
            }
            transmitAt = now + jitteredInterval();
        }
        sooner(interval, now);
        return effects(send, change);
    }

    /** 6.8.16: the session goes AdminDown and tells the peer at once (RFC 5882 3.2). */
    public Effects adminDown(long now) {
        if (state == State.ADMIN_DOWN) {
            return effects(Optional.empty(), null);
        }
        long interval = transmitInterval();
        StateChange change = moveTo(State.ADMIN_DOWN, Diagnostic.ADMINISTRATIVELY_DOWN);
        sooner(interval, now);
        return effects(Optional.of(packet(false, false)), change);
    }

    /** 6.8.16: an AdminDown session goes Down and starts over. */
    public Effects adminUp(long now) {
        if (state != State.ADMIN_DOWN) {
            return effects(Optional.empty(), null);
        }
        long interval = transmitInterval();
        StateChange change = moveTo(State.DOWN, Diagnostic.NO_DIAGNOSTIC);
        sooner(interval, now);
        return effects(Optional.empty(), change);
    }

    /** New local parameters (a reload): a change of the advertised intervals while Up polls. */
    public Effects setParameters(Parameters parameters, long now) {
        long interval = transmitInterval();
        long oldTx = advertisedTx();
        long oldRx = config.requiredMinRxInterval();
        config = parameters;
        localChange(oldTx, oldRx);
        sooner(interval, now);
        return effects(Optional.empty(), null);
    }

    private StateChange moveTo(State to, Diagnostic diag) {
        State from = state;
        long oldTx = advertisedTx();
        state = to;
        localDiag = diag;
        if (from == State.UP) {
            // A Poll Sequence belongs to an Up session; slow start resumes at once (6.8.3).
            polling = false;
            repoll = false;
        }
        localChange(oldTx, config.requiredMinRxInterval());
        return new StateChange(from, to, diag);
    }

    /** 6.8.3: the advertised intervals may have changed from oldTx/oldRx. */
    private void localChange(long oldTx, long oldRx) {
        long tx = advertisedTx();
        long rx = config.requiredMinRxInterval();
        if (state != State.UP) {
            txInUse = tx;
            rxInUse = rx;
            return;
        }
        if (tx == oldTx && rx == oldRx) {
            return;
        }
        if (polling) {
            repoll = true;
        }
        polling = true;
        // What is safe for the peer applies now: sending faster, or expecting packets less often.
        txInUse = Math.min(txInUse, tx);
        rxInUse = Math.max(rxInUse, rx);
    }

    /**
     * 6.8.7: the peer runs Demand mode (6.6: each direction asks for it on its own), so herald
     * sends nothing periodic to it unless it is polling.
     */
    private boolean remoteDemandActive() {
        return remoteDemand && state == State.UP && remoteState == State.UP && !polling;
    }

    /**
     * The transmit interval was {@code before}: if it is shorter now, the next packet is due
     * within the new one. The peer takes a smaller Desired Min TX into its detection time from
     * the first packet that carries it (which may be a Final sent out of schedule), while the
     * packet after it was scheduled at the old, longer interval: found by
     * {@code TwoSessionSimulationTest}, where leaving slow start flapped at Detect Mult 1.
     */
    private void sooner(long before, long now) {
        if (transmitInterval() < before) {
            transmitAt = Math.min(transmitAt, now + jitteredInterval());
        }
    }

    private void terminatePoll() {
        if (repoll) {
            repoll = false;
            return;
        }
        polling = false;
        txInUse = advertisedTx();
        rxInUse = config.requiredMinRxInterval();
    }

    /** bfd.DesiredMinTxInterval as sent: slow start below Up (6.8.3). */
    private long advertisedTx() {
        long tx = config.desiredMinTxInterval();
        return state == State.UP ? tx : Math.max(tx, SLOW_START_TX);
    }

    private ControlPacket packet(boolean poll, boolean fin) {
        return new ControlPacket(localDiag.code(), state, poll, fin, false, false, config.detectMult(),
                localDiscriminator, remoteDiscriminator, advertisedTx(), config.requiredMinRxInterval(), 0);
    }

    private long jitteredInterval() {
        long nanos = transmitInterval() * 1000;
        long low = nanos * 3 / 4;
        long high = config.detectMult() == 1 ? nanos * 9 / 10 : nanos;
        return low + random.nextLong(high - low + 1);
    }

    private Effects effects(Optional<ControlPacket> send, StateChange change) {
        return new Effects(send, transmitAt, detectionDeadline, Optional.ofNullable(change));
    }

    /** The periodic transmit interval before jitter, in microseconds (6.8.2, 6.8.7). */
    public long transmitInterval() {
        return Math.max(txInUse, remoteMinRxInterval);
    }

    /**
     * The detection time in microseconds (6.8.4): the remote Detect Mult times the larger of the
     * local Required Min RX in use and the remote Desired Min TX; 0 before any packet arrived.
     */
    public long detectionTime() {
        return remoteDetectMult * Math.max(rxInUse, remoteDesiredMinTxInterval);
    }

    /**
     * The interval the peer's packets are expected at, in microseconds: the larger of the local
     * Required Min RX in use and the remote Desired Min TX (the detection time without the
     * multiplier); 0 before any packet arrived.
     */
    public long receiveInterval() {
        return remoteDetectMult == 0 ? 0 : Math.max(rxInUse, remoteDesiredMinTxInterval);
    }

    public State state() {
        return state;
    }

    /** The state in the peer's last packet (bfd.RemoteSessionState); Down before any. */
    public State remoteState() {
        return remoteState;
    }

    public Diagnostic localDiag() {
        return localDiag;
    }

    public int remoteDiscriminator() {
        return remoteDiscriminator;
    }

    public Parameters parameters() {
        return config;
    }

    /** A Poll Sequence is being sent (P set in periodic packets). */
    public boolean polling() {
        return polling;
    }

    /** The Desired Min TX this session advertises now (slow start applied). */
    public long advertisedDesiredMinTxInterval() {
        return advertisedTx();
    }

    /** The next periodic transmission, nanos on the caller's clock. */
    public long transmitAt() {
        return transmitAt;
    }

    public long detectionDeadline() {
        return detectionDeadline;
    }
}
