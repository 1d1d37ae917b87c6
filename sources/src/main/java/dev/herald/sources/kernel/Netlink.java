package dev.herald.sources.kernel;

/** Numbers from linux/netlink.h and linux/rtnetlink.h that herald uses. */
final class Netlink {
    private Netlink() {
    }

    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int NETLINK_ROUTE = 0;

    static final int NLMSG_HDRLEN = 16;
    static final int RTMSG_LEN = 12;
    static final int IFINFOMSG_LEN = 16;
    static final int RTNH_LEN = 8;

    // nlmsg_type
    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLMSG_OVERRUN = 4;
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    /** An address removed: IPv4 may drop the routes through its device without a RTM_DELROUTE. */
    static final int RTM_DELADDR = 21;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;

    // nlmsg_flags
    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_MULTI = 0x02;
    static final int NLM_F_ACK = 0x04;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x300;
    /** On RTM_NEWROUTE: this route replaced an existing one with the same key. */
    static final int NLM_F_REPLACE = 0x100;
    /** On RTM_NEWROUTE: a new route (an empty IPv4 slot). */
    static final int NLM_F_EXCL = 0x200;
    /** On RTM_NEWROUTE: an IPv4 route put after the others of its slot ({@code ip route append}). */
    static final int NLM_F_APPEND = 0x800;

    // rtattr types (route)
    static final int RTA_DST = 1;
    static final int RTA_SRC = 2;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_MULTIPATH = 9;
    static final int RTA_TABLE = 15;
    static final int RTA_NH_ID = 30;

    /** rtm_flags: a cached clone (IPv6 exceptions, PMTU), not a configured route. */
    static final int RTM_F_CLONED = 0x200;

    // ifla attributes
    static final int IFLA_IFNAME = 3;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int IFLA_VRF_TABLE = 1;

    // multicast groups (setsockopt NETLINK_ADD_MEMBERSHIP)
    static final int RTNLGRP_LINK = 1;
    static final int RTNLGRP_IPV4_IFADDR = 5;
    /** ifi_flags: the link is administratively up. */
    static final int IFF_UP = 1;
    static final int RTNLGRP_IPV4_ROUTE = 7;
    static final int RTNLGRP_IPV6_ROUTE = 11;

    // socket options (SOL_SOCKET's are in dev.herald.os.Libc)
    static final int SOL_NETLINK = 270;
    static final int NETLINK_ADD_MEMBERSHIP = 1;

    /** Attributes and messages are padded to 4 bytes. */
    static int align(int n) {
        return (n + 3) & ~3;
    }
}
