package dev.herald.codec;

import java.util.List;

/** A path attribute of an UPDATE (RFC 4271 4.3 and 5). */
public sealed interface PathAttribute {
    int FLAG_OPTIONAL = 0x80;
    int FLAG_TRANSITIVE = 0x40;
    int FLAG_PARTIAL = 0x20;
    int FLAG_EXTENDED_LENGTH = 0x10;

    /**
     * The attribute type code (IANA "BGP Path Attributes"), one table for all records;
     * {@link Unknown} carries its own.
     */
    default int typeCode() {
        return switch (this) {
            case Origin _ -> AttributeCodec.ORIGIN;
            case AsPath _ -> AttributeCodec.AS_PATH;
            case NextHop _ -> AttributeCodec.NEXT_HOP;
            case MultiExitDisc _ -> AttributeCodec.MULTI_EXIT_DISC;
            case LocalPref _ -> AttributeCodec.LOCAL_PREF;
            case MpReachNlri _ -> MpNlriCodec.MP_REACH_NLRI;
            case MpUnreachNlri _ -> MpNlriCodec.MP_UNREACH_NLRI;
            case Communities _ -> AttributeCodec.COMMUNITIES;
            case ExtendedCommunities _ -> AttributeCodec.EXTENDED_COMMUNITIES;
            case LargeCommunities _ -> AttributeCodec.LARGE_COMMUNITIES;
            case Unknown u -> u.typeCode();
        };
    }

    /** ORIGIN (type 1): 0 IGP, 1 EGP, 2 INCOMPLETE. */
    record Origin(int value) implements PathAttribute {
        public static final Origin IGP = new Origin(0);
        public static final Origin EGP = new Origin(1);
        public static final Origin INCOMPLETE = new Origin(2);
    }

    /** AS_PATH (type 2), modelled with 4-octet AS numbers whatever its wire form. */
    record AsPath(List<Segment> segments) implements PathAttribute {
        public static final AsPath EMPTY = new AsPath(List.of());

        public AsPath {
            segments = List.copyOf(segments);
        }

        /** A path of one AS_SEQUENCE segment. */
        public static AsPath sequence(long... asns) {
            return asns.length == 0 ? EMPTY : new AsPath(List.of(new Segment(Segment.AS_SEQUENCE, asns)));
        }

        /** One segment: type 1 AS_SET, 2 AS_SEQUENCE, 3 AS_CONFED_SEQUENCE, 4 AS_CONFED_SET. */
        public record Segment(int type, Longs asns) {
            public static final int AS_SET = 1;
            public static final int AS_SEQUENCE = 2;
            public static final int AS_CONFED_SEQUENCE = 3;
            public static final int AS_CONFED_SET = 4;

            public Segment(int type, long... asns) {
                this(type, Longs.of(asns));
            }

            @Override
            public String toString() {
                return (type == AS_SET ? "set" : type == AS_SEQUENCE ? "seq" : "confed" + type) + asns;
            }
        }
    }

    /** NEXT_HOP (type 3) for IPv4 NLRI in the UPDATE body; 4 bytes. */
    record NextHop(Bytes address) implements PathAttribute {
        public NextHop {
            if (address.length() != 4) {
                throw new IllegalArgumentException("NEXT_HOP is an IPv4 address");
            }
        }

        public NextHop(byte[] address) {
            this(Bytes.of(address));
        }

        @Override
        public String toString() {
            return "NextHop[" + InetAddresses.toText(address.toArray()) + "]";
        }
    }

    /** MULTI_EXIT_DISC (type 4), unsigned 32-bit. */
    record MultiExitDisc(long value) implements PathAttribute {
    }

    /** LOCAL_PREF (type 5), unsigned 32-bit; internal sessions only. */
    record LocalPref(long value) implements PathAttribute {
    }

    /**
     * MP_REACH_NLRI (type 14, RFC 4760). {@code nextHop} is the raw next-hop field: 4 bytes
     * (IPv4), 16 (IPv6 global, or RFC 8950 for IPv4 NLRI) or 32 (global then link-local).
     */
    record MpReachNlri(Family family, Bytes nextHop, List<Prefix> nlri) implements PathAttribute {
        public MpReachNlri {
            nlri = List.copyOf(nlri);
        }

        public MpReachNlri(Family family, byte[] nextHop, List<Prefix> nlri) {
            this(family, Bytes.of(nextHop), nlri);
        }

        @Override
        public String toString() {
            int n = nextHop.length();
            String nh = n == 32 ? InetAddresses.toText(nextHop.toArray(0, 16)) + "+"
                            + InetAddresses.toText(nextHop.toArray(16, 32))
                    : n == 4 || n == 16 ? InetAddresses.toText(nextHop.toArray())
                    : nextHop.toString();
            return "MpReachNlri[" + family + " nh=" + nh + " " + nlri + "]";
        }
    }

    /** MP_UNREACH_NLRI (type 15, RFC 4760). Empty {@code withdrawn} is End-of-RIB for the family. */
    record MpUnreachNlri(Family family, List<Prefix> withdrawn) implements PathAttribute {
        public MpUnreachNlri {
            withdrawn = List.copyOf(withdrawn);
        }
    }

    /** COMMUNITIES (type 8, RFC 1997): 32-bit values in the order received or to be sent. */
    record Communities(Longs values) implements PathAttribute {
        public Communities {
            for (int i = 0; i < values.length(); i++) {
                EncodeChecks.u32(values.get(i), "community");
            }
        }

        public Communities(long... values) {
            this(Longs.of(values));
        }

        @Override
        public String toString() {
            return "Communities[" + values.joined(v -> (v >>> 16) + ":" + (v & 0xFFFF)) + "]";
        }
    }

    /** EXTENDED COMMUNITIES (type 16, RFC 4360): 64-bit values, type and subtype in the top bytes. */
    record ExtendedCommunities(Longs values) implements PathAttribute {
        public ExtendedCommunities(long... values) {
            this(Longs.of(values));
        }

        @Override
        public String toString() {
            return "ExtendedCommunities[" + values.joined(v -> "0x%016x".formatted(v)) + "]";
        }
    }

    /** LARGE COMMUNITIES (type 32, RFC 8092). */
    record LargeCommunities(List<LargeCommunity> values) implements PathAttribute {
        public LargeCommunities {
            values = List.copyOf(values);
        }

        /** Global administrator, local data part 1 and 2: three unsigned 32-bit numbers. */
        public record LargeCommunity(long globalAdministrator, long localData1, long localData2) {
            public LargeCommunity {
                EncodeChecks.u32(globalAdministrator, "large community global administrator");
                EncodeChecks.u32(localData1, "large community local data 1");
                EncodeChecks.u32(localData2, "large community local data 2");
            }

            @Override
            public String toString() {
                return globalAdministrator + ":" + localData1 + ":" + localData2;
            }
        }
    }

    /**
     * Any attribute the codec does not model, kept with its flags and value. An optional
     * transitive one is passed on to other peers with {@link #passedOn()}.
     */
    record Unknown(int flags, int typeCode, Bytes value) implements PathAttribute {
        public Unknown(int flags, int typeCode, byte[] value) {
            this(flags, typeCode, Bytes.of(value));
        }

        /**
         * This attribute as it goes to another peer (RFC 4271 5): an unrecognised optional
         * transitive attribute is passed on with the Partial bit set; an optional non-transitive
         * one is not passed on (empty).
         */
        public java.util.Optional<Unknown> passedOn() {
            if ((flags & FLAG_OPTIONAL) == 0 || (flags & FLAG_TRANSITIVE) != 0) {
                return java.util.Optional.of((flags & FLAG_OPTIONAL) == 0 ? this
                        : new Unknown(flags | FLAG_PARTIAL, typeCode, value));
            }
            return java.util.Optional.empty();
        }

        @Override
        public String toString() {
            return "Unknown[flags=0x" + Integer.toHexString(flags) + ", type=" + typeCode + ", value=" + value + "]";
        }
    }
}
