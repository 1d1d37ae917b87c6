package dev.herald.fsm;

import dev.herald.codec.Family;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;

/**
 * Builds a {@link SessionConfig} with every value named at the call site. What has a default in
 * the RFCs or in herald starts with it; what every session must choose (the peer's address or
 * interface, both ASNs, the router id, the hold time, the families, ConnectRetryTime) starts
 * unset, and {@link #build()} fails as the record's constructor does when one is left out.
 * Each setter is named after the record component it sets (see {@link SessionConfig} for
 * what each means).
 */
public final class SessionConfigBuilder {
    private String peerName;
    private InetAddress remoteAddress;
    private int remotePort = SessionConfig.BGP_PORT;
    private InetAddress localAddress;
    private long localAsn;
    private long remoteAsn;
    private Inet4Address routerId;
    private int holdTime = -1;
    private Set<Family> families = Set.of();
    private boolean passive;
    private Duration connectRetryTime;
    private Duration connectRetryMaxTime;
    private int gracefulRestartTime = SessionConfig.DEFAULT_GRACEFUL_RESTART_TIME;
    private Duration sendHoldTime;
    private byte[] tcpMd5Key;
    private int ttl;
    private int minTtl;
    private boolean restarted;
    private Duration openHoldTime;
    private String interfaceName;
    private long longLivedStaleTime = -1;
    private boolean extendedMessage = true;

    SessionConfigBuilder() {
    }

    /** Every value of {@code c}, to change a few. */
    SessionConfigBuilder(SessionConfig c) {
        peerName = c.peerName();
        remoteAddress = c.remoteAddress();
        remotePort = c.remotePort();
        localAddress = c.localAddress();
        localAsn = c.localAsn();
        remoteAsn = c.remoteAsn();
        routerId = c.routerId();
        holdTime = c.holdTime();
        families = c.families();
        passive = c.passive();
        connectRetryTime = c.connectRetryTime();
        connectRetryMaxTime = c.connectRetryMaxTime();
        gracefulRestartTime = c.gracefulRestartTime();
        sendHoldTime = c.sendHoldTime();
        tcpMd5Key = c.tcpMd5Key();
        ttl = c.ttl();
        minTtl = c.minTtl();
        restarted = c.restarted();
        openHoldTime = c.openHoldTime();
        interfaceName = c.interfaceName();
        longLivedStaleTime = c.longLivedStaleTime();
        extendedMessage = c.extendedMessage();
    }

    public SessionConfig build() {
        return new SessionConfig(peerName, remoteAddress, remotePort, localAddress, localAsn, remoteAsn, routerId,
                holdTime, families, passive, connectRetryTime, connectRetryMaxTime, gracefulRestartTime, sendHoldTime,
                tcpMd5Key, ttl, minTtl, restarted, openHoldTime, interfaceName, longLivedStaleTime, extendedMessage);
    }

    public SessionConfigBuilder peerName(String v) {
        peerName = v;
        return this;
    }

    public SessionConfigBuilder remoteAddress(InetAddress v) {
        remoteAddress = v;
        return this;
    }

    public SessionConfigBuilder remotePort(int v) {
        remotePort = v;
        return this;
    }

    public SessionConfigBuilder localAddress(InetAddress v) {
        localAddress = v;
        return this;
    }

    public SessionConfigBuilder localAsn(long v) {
        localAsn = v;
        return this;
    }

    public SessionConfigBuilder remoteAsn(long v) {
        remoteAsn = v;
        return this;
    }

    public SessionConfigBuilder routerId(Inet4Address v) {
        routerId = v;
        return this;
    }

    public SessionConfigBuilder holdTime(int v) {
        holdTime = v;
        return this;
    }

    public SessionConfigBuilder families(Set<Family> v) {
        families = v;
        return this;
    }

    public SessionConfigBuilder passive(boolean v) {
        passive = v;
        return this;
    }

    public SessionConfigBuilder connectRetryTime(Duration v) {
        connectRetryTime = v;
        return this;
    }

    /** Null (the default): the larger of 5 minutes and ConnectRetryTime. */
    public SessionConfigBuilder connectRetryMaxTime(Duration v) {
        connectRetryMaxTime = v;
        return this;
    }

    /** -1: no graceful restart capability; default {@link SessionConfig#DEFAULT_GRACEFUL_RESTART_TIME}. */
    public SessionConfigBuilder gracefulRestartTime(int v) {
        gracefulRestartTime = v;
        return this;
    }

    /** Null (the default): {@link SessionConfig#DEFAULT_SEND_HOLD_TIME}. */
    public SessionConfigBuilder sendHoldTime(Duration v) {
        sendHoldTime = v;
        return this;
    }

    /** Null (the default): no TCP-MD5. */
    public SessionConfigBuilder tcpMd5Key(byte[] v) {
        tcpMd5Key = v;
        return this;
    }

    /** 0 (the default): the kernel's TTL. */
    public SessionConfigBuilder ttl(int v) {
        ttl = v;
        return this;
    }

    /** 0 (the default): no GTSM check. */
    public SessionConfigBuilder minTtl(int v) {
        minTtl = v;
        return this;
    }

    public SessionConfigBuilder restarted(boolean v) {
        restarted = v;
        return this;
    }

    /** Null (the default): {@link SessionConfig#DEFAULT_OPEN_HOLD_TIME}. */
    public SessionConfigBuilder openHoldTime(Duration v) {
        openHoldTime = v;
        return this;
    }

    /** An unnumbered peer: set this instead of {@link #remoteAddress}. */
    public SessionConfigBuilder interfaceName(String v) {
        interfaceName = v;
        return this;
    }

    /** -1 (the default): no long-lived graceful restart capability. */
    public SessionConfigBuilder longLivedStaleTime(long v) {
        longLivedStaleTime = v;
        return this;
    }

    /** True by default. */
    public SessionConfigBuilder extendedMessage(boolean v) {
        extendedMessage = v;
        return this;
    }
}
