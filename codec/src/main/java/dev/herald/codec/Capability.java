package dev.herald.codec;

import java.util.List;

/** A capability carried in OPEN's optional parameter 2 (RFC 5492). */
public sealed interface Capability {
    /**
     * The capability code (IANA "Capability Codes"), one table for all records; {@link Unknown}
     * carries its own.
     */
    default int code() {
        return switch (this) {
            case Multiprotocol _ -> CapabilityCodec.MULTIPROTOCOL;
            case RouteRefresh _ -> CapabilityCodec.ROUTE_REFRESH;
            case ExtendedNextHop _ -> CapabilityCodec.EXTENDED_NEXT_HOP;
            case ExtendedMessage _ -> CapabilityCodec.EXTENDED_MESSAGE;
            case BgpRole _ -> CapabilityCodec.BGP_ROLE;
            case GracefulRestart _ -> CapabilityCodec.GRACEFUL_RESTART;
            case FourOctetAs _ -> CapabilityCodec.FOUR_OCTET_AS;
            case AddPath _ -> CapabilityCodec.ADD_PATH;
            case EnhancedRouteRefresh _ -> CapabilityCodec.ENHANCED_ROUTE_REFRESH;
            case LongLivedGracefulRestart _ -> CapabilityCodec.LONG_LIVED_GRACEFUL_RESTART;
            case Fqdn _ -> CapabilityCodec.FQDN;
            case Unknown u -> u.code();
        };
    }

    /** Multiprotocol extensions (RFC 4760), code 1. AFI and SAFI kept as numbers: unknown ones are legal. */
    record Multiprotocol(int afi, int safi) implements Capability {
        public Multiprotocol(Family f) {
            this(f.afi().code(), f.safi().code());
        }

        /** The family, or null when herald does not speak it. */
        public Family family() {
            return Family.ofCodes(afi, safi);
        }
    }

    /** Route refresh (RFC 2918), code 2. */
    record RouteRefresh() implements Capability {
    }

    /** Extended next hop encoding (RFC 8950), code 5. */
    record ExtendedNextHop(List<Entry> entries) implements Capability {
        public ExtendedNextHop {
            entries = List.copyOf(entries);
        }

        /** NLRI of (afi, safi) may carry a next hop of family nextHopAfi. */
        public record Entry(int afi, int safi, int nextHopAfi) {
        }
    }

    /** Extended message (RFC 8654), code 6: messages up to 65535 bytes once both sides send it. */
    record ExtendedMessage() implements Capability {
    }

    /**
     * BGP role (RFC 9234), code 9: 0 provider, 1 route server, 2 route server client, 3 customer,
     * 4 peer. Other values are kept as received; RFC 9234 leaves their meaning to future documents.
     */
    record BgpRole(int role) implements Capability {
        public static final int PROVIDER = 0;
        public static final int ROUTE_SERVER = 1;
        public static final int ROUTE_SERVER_CLIENT = 2;
        public static final int CUSTOMER = 3;
        public static final int PEER = 4;

        public BgpRole {
            if (role < 0 || role > 255) {
                throw new IllegalArgumentException("BGP role must fit one byte: " + role);
            }
        }
    }

    /** Graceful restart (RFC 4724, RFC 8538), code 64. */
    record GracefulRestart(boolean restarting, boolean notification, int restartTime, List<GrFamily> families)
            implements Capability {
        public GracefulRestart {
            if (restartTime < 0 || restartTime > 4095) {
                throw new IllegalArgumentException("restart time must fit 12 bits: " + restartTime);
            }
            families = List.copyOf(families);
        }

        /** One family entry; forwardingPreserved is the F bit (0x80). */
        public record GrFamily(int afi, int safi, boolean forwardingPreserved) {
        }
    }

    /** Support for 4-octet AS numbers (RFC 6793), code 65. */
    record FourOctetAs(long asn) implements Capability {
    }

    /**
     * ADD-PATH (RFC 7911), code 69: per family, whether the speaker can receive (1), send (2) or
     * both (3) several paths per prefix. Other values are kept as received; RFC 7911 says to
     * ignore such an entry.
     */
    record AddPath(List<Entry> entries) implements Capability {
        public static final int RECEIVE = 1;
        public static final int SEND = 2;
        public static final int BOTH = 3;

        public AddPath {
            entries = List.copyOf(entries);
        }

        /** One family's send/receive field. */
        public record Entry(int afi, int safi, int sendReceive) {
            public boolean receive() {
                return (sendReceive & ~BOTH) == 0 && (sendReceive & RECEIVE) != 0;
            }

            public boolean send() {
                return (sendReceive & ~BOTH) == 0 && (sendReceive & SEND) != 0;
            }
        }
    }

    /** Enhanced route refresh (RFC 7313), code 70. */
    record EnhancedRouteRefresh() implements Capability {
    }

    /**
     * Long-lived graceful restart (RFC 9494), code 71: per family the flags byte (F = 0x80) and a
     * 24-bit long-lived stale time in seconds.
     */
    record LongLivedGracefulRestart(List<Entry> entries) implements Capability {
        public static final int FORWARDING_PRESERVED = 0x80;

        public LongLivedGracefulRestart {
            entries = List.copyOf(entries);
        }

        /** One family; {@code flags} keeps every bit received (only F is defined). */
        public record Entry(int afi, int safi, int flags, int staleTime) {
            public Entry {
                if (staleTime < 0 || staleTime > 0xFF_FFFF) {
                    throw new IllegalArgumentException("long-lived stale time must fit 24 bits: " + staleTime);
                }
            }

            public Entry(int afi, int safi, boolean forwardingPreserved, int staleTime) {
                this(afi, safi, forwardingPreserved ? FORWARDING_PRESERVED : 0, staleTime);
            }

            public boolean forwardingPreserved() {
                return (flags & FORWARDING_PRESERVED) != 0;
            }
        }
    }

    /**
     * FQDN (draft-walton-bgp-hostname-capability), code 73: the speaker's host and domain name.
     * The bytes are kept as ISO-8859-1 characters so any value survives a round trip.
     */
    record Fqdn(String hostname, String domain) implements Capability {
        public Fqdn {
            if (hostname.length() > 255 || domain.length() > 255) {
                throw new IllegalArgumentException("FQDN host and domain names are at most 255 bytes each");
            }
            if (!(hostname + domain).chars().allMatch(c -> c <= 0xFF)) {
                throw new IllegalArgumentException("FQDN names are bytes: characters above U+00FF cannot be sent");
            }
        }
    }

    /** Any capability the codec does not model: kept byte for byte. */
    record Unknown(int code, Bytes value) implements Capability {
        public Unknown(int code, byte[] value) {
            this(code, Bytes.of(value));
        }
    }
}
