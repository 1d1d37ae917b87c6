package dev.herald.sources.kernel;

/** One decoded netlink message from a NETLINK_ROUTE socket. */
public sealed interface NetlinkMessage {
    /** The nlmsghdr fields. */
    record Header(int length, int type, int flags, int seq, int portId) {
        public boolean multi() {
            return (flags & Netlink.NLM_F_MULTI) != 0;
        }

        public boolean dumpInterrupted() {
            return (flags & Netlink.NLM_F_DUMP_INTR) != 0;
        }
    }

    Header header();

    /** RTM_NEWROUTE / RTM_DELROUTE. */
    record Route(Header header, RouteMessage route) implements NetlinkMessage {
    }

    /**
     * RTM_NEWLINK / RTM_DELLINK: what table resolution needs (VRF devices and their tables) and
     * whether the link is up (ifi_flags IFF_UP: IPv4 drops a downed link's routes silently).
     */
    record Link(Header header, boolean deleted, int index, String name, String kind, int vrfTable, int flags)
            implements NetlinkMessage {
        public boolean up() {
            return !deleted && (flags & Netlink.IFF_UP) != 0;
        }
    }

    /** NLMSG_DONE: the end of a multipart dump. */
    record Done(Header header) implements NetlinkMessage {
    }

    /** NLMSG_ERROR: errno is positive (0 is an acknowledgement). */
    record Error(Header header, int errno) implements NetlinkMessage {
    }

    /** Anything else (NLMSG_NOOP, other RTM_* types). */
    record Other(Header header) implements NetlinkMessage {
    }
}
