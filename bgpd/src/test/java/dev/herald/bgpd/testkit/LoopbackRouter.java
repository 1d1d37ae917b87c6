package dev.herald.bgpd.testkit;

import dev.herald.codec.Family;
import dev.herald.fsm.SessionConfig;
import dev.herald.fsm.transport.BgpTransport;
import dev.herald.fsm.transport.EstablishedSession;
import dev.herald.fsm.transport.PeerSession;
import dev.herald.fsm.transport.RecordingListener;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A router on loopback played by herald's own transport (a passive peer "herald" of AS
 * {@code asn}): it counts the messages it receives, so a test sees what went on the wire. The
 * daemon tests' one BGP speaker; herald's config names it as peer r1 ({@link HeraldYaml.Peer#loopback}).
 */
public final class LoopbackRouter implements AutoCloseable, AfterEachCallback {
    private final RecordingListener listener = new RecordingListener();
    /** Sessions with herald that came up, and the reasons of those that went down, in order. */
    public final BlockingQueue<EstablishedSession> up = listener.established;
    public final BlockingQueue<String> down = listener.downs;
    private final BgpTransport transport = new BgpTransport(dev.herald.bgpd.TestLoops.SHARED);
    private final PeerSession herald;
    public final int port;
    /** The router's AS, the address it listens on and the one herald connects from. */
    public final long asn;
    public final String listen;
    public final String heraldAddress;

    /** AS 65001 on 127.0.0.1, herald connecting from 127.0.0.1. */
    public LoopbackRouter() throws Exception {
        this(65001, "127.0.0.1", "127.0.0.1");
    }

    /**
     * A router for one test, closed after it: {@code @RegisterExtension final LoopbackRouter router
     * = LoopbackRouter.perTest();} (JUnit makes a test instance, so a router, per test method).
     */
    public static LoopbackRouter perTest() {
        return perTest(65001, "127.0.0.1", "127.0.0.1");
    }

    /** {@link #perTest()} with this AS and addresses (see the constructor). */
    public static LoopbackRouter perTest(long asn, String listen, String heraldAddress) {
        try {
            return new LoopbackRouter(asn, listen, heraldAddress);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the loopback router", e);
        }
    }

    /**
     * @param listen        the loopback address the router listens on (herald's peer address)
     * @param heraldAddress the loopback address herald connects from (its peer's local-address)
     */
    public LoopbackRouter(long asn, String listen, String heraldAddress) throws Exception {
        this.asn = asn;
        this.listen = listen;
        this.heraldAddress = heraldAddress;
        port = transport.listen(new InetSocketAddress(InetAddress.getByName(listen), 0)).getPort();
        herald = transport.addPeer(SessionConfig.builder().peerName("herald")
                .remoteAddress(InetAddress.getByName(heraldAddress)).localAsn(asn).remoteAsn(65010)
                .routerId((Inet4Address) InetAddress.getByName("192.0.2.254")).holdTime(30)
                .families(Set.of(Family.IPV4_UNICAST)).passive(true).connectRetryTime(Duration.ofSeconds(1)).build(), listener);
    }

    public EstablishedSession awaitUp() throws InterruptedException {
        return listener.awaitEstablished();
    }

    public String awaitDown() throws InterruptedException {
        return listener.awaitDown();
    }

    /** UPDATEs received from herald so far (End-of-RIB included). */
    public long updatesReceived() {
        return herald.messages().in(2);
    }

    public long opensReceived() {
        return herald.messages().in(1);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        transport.close();
    }
}
