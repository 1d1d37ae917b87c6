package dev.herald.sources.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When the kernel drops a link's IPv4 routes without notice: the link was up and is down or gone. */
class LinkStatesTest {
    static NetlinkMessage.Link link(int index, boolean deleted, int flags) {
        return new NetlinkMessage.Link(new NetlinkMessage.Header(0, deleted ? 17 : 16, 0, 0, 0), deleted, index, "kd" + index,
                null, -1, flags);
    }

    @Test
    void upThenDownOrDeletedIsReported() {
        LinkStates s = new LinkStates();
        assertEquals(0, s.apply(link(3, false, Netlink.IFF_UP)));
        assertEquals(0, s.apply(link(3, false, Netlink.IFF_UP | 0x40)), "still up: other flags changed");
        assertEquals(3, s.apply(link(3, false, 0)));
        assertEquals(0, s.apply(link(3, false, 0)), "already down: nothing more was dropped");
        assertEquals(0, s.apply(link(3, false, Netlink.IFF_UP)));
        assertEquals(3, s.apply(link(3, true, Netlink.IFF_UP)), "deleted while up");
    }

    @Test
    void linksFirstSeenDownOrUnknownDropNothing() {
        LinkStates s = new LinkStates();
        assertEquals(0, s.apply(link(5, false, 0)), "a tap created down");
        assertEquals(0, s.apply(link(5, true, 0)));
        assertEquals(0, s.apply(link(6, true, Netlink.IFF_UP)), "never seen: the dump did not list it up");
        s.apply(link(7, false, Netlink.IFF_UP));
        s.clear();
        assertEquals(0, s.apply(link(7, false, 0)), "forgotten by a new dump");
    }
}
