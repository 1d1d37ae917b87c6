package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.herald.bgpd.TestLoops;
import dev.herald.codec.Family;
import dev.herald.fsm.SessionConfig;
import dev.herald.fsm.transport.BgpTransport;
import dev.herald.fsm.transport.EstablishedSession;
import dev.herald.fsm.transport.PeerSession;
import dev.herald.fsm.transport.SessionListener;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A router on loopback played by herald's own transport (a passive peer "herald"), as in
 * DaemonStopTest: it counts the messages it receives, so a test sees what went on the wire.
 */
final class LoopbackRouter implements AutoCloseable {
    final BlockingQueue<EstablishedSession> up = new LinkedBlockingQueue<>();
    final BlockingQueue<String> down = new LinkedBlockingQueue<>();
    private final BgpTransport transport = new BgpTransport(TestLoops.SHARED);
    private final PeerSession herald;
    final int port;

    /**
     * @param listen        the loopback address the router listens on (herald's peer address)
     * @param heraldAddress the loopback address herald connects from (its peer's local-address)
     */
    LoopbackRouter(long asn, String listen, String heraldAddress) throws Exception {
        port = transport.listen(new InetSocketAddress(InetAddress.getByName(listen), 0)).getPort();
        herald = transport.addPeer(SessionConfig.builder().peerName("herald")
                .remoteAddress(InetAddress.getByName(heraldAddress)).localAsn(asn).remoteAsn(65010)
                .routerId((Inet4Address) InetAddress.getByName("192.0.2.254")).holdTime(30)
                .families(Set.of(Family.IPV4_UNICAST)).passive(true).connectRetryTime(Duration.ofSeconds(1)).build(), new SessionListener() {
                    @Override
                    public void established(EstablishedSession s) {
                        up.add(s);
                    }

                    @Override
                    public void down(String peerName, String reason) {
                        down.add(reason);
                    }
                });
    }

    EstablishedSession awaitUp() throws InterruptedException {
        EstablishedSession s = up.poll(20, TimeUnit.SECONDS);
        assertNotNull(s, "herald did not connect; downs: " + down);
        return s;
    }

    String awaitDown() throws InterruptedException {
        String r = down.poll(20, TimeUnit.SECONDS);
        assertNotNull(r, "session did not go down");
        return r;
    }

    /** UPDATEs received from herald so far (End-of-RIB included). */
    long updatesReceived() {
        return herald.messages().in(2);
    }

    long opensReceived() {
        return herald.messages().in(1);
    }

    @Override
    public void close() {
        transport.close();
    }
}
