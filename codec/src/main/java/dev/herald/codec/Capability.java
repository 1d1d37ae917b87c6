package dev.herald.codec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A capability carried in OPEN's optional parameter 2 (RFC 5492). */
public sealed interface Capability {
    /** The capability code (IANA "Capability Codes"). */
    int code();

    /** Multiprotocol extensions (RFC 4760), code 1. AFI and SAFI kept as numbers: unknown ones are legal. */
    record Multiprotocol(int afi, int safi) implements Capability {
        public Multiprotocol(Family f) {
            this(f.afi().code(), f.safi().code());
        }

        /** The family, or null when herald does not speak it. */
        public Family family() {
            Afi a = Afi.ofCode(afi);
            Safi s = Safi.ofCode(safi);
            return a == null || s == null ? null : new Family(a, s);
        }

        @Override
        public int code() {
            return 1;
        }
    }

    /** Route refresh (RFC 2918), code 2. */
    record RouteRefresh() implements Capability {
        @Override
        public int code() {
            return 2;
        }
    }

    /** Extended next hop encoding (RFC 8950), code 5. */
    record ExtendedNextHop(List<Entry> entries) implements Capability {
        public ExtendedNextHop {
            entries = List.copyOf(entries);
        }

        /** NLRI of (afi, safi) may carry a next hop of family nextHopAfi. */
        public record Entry(int afi, int safi, int nextHopAfi) {
        }

        @Override
        public int code() {
            return 5;
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

        @Override
        public int code() {
            return 64;
        }
    }

    /** Support for 4-octet AS numbers (RFC 6793), code 65. */
    record FourOctetAs(long asn) implements Capability {
        @Override
        public int code() {
            return 65;
        }
    }

    /** Any capability the codec does not model: kept byte for byte. */
    record Unknown(int code, byte[] value) implements Capability {
        public Unknown {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
        }

        @Override
        public int hashCode() {
            return code * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Unknown[code=" + code + ", value=" + HexFormat.of().formatHex(value) + "]";
        }
    }
}
