package dev.herald.config;

import dev.herald.rib.PrefixRange;
import dev.herald.codec.Family;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A peer's {@code export}: what it is sent (docs/config.md, "peers[].export").
 *
 * @param name         the {@code export-policies} entry it came from, or empty when written inline
 * @param families     families exported; empty: every negotiated one
 * @param allow        prefix allow-list; empty: none
 * @param deny         prefix deny-list
 * @param set          what every sent route gets
 * @param rules        first match decides
 * @param maxPrefixOut at most this many prefixes per family; 0: no limit
 */
public record ExportPolicyConfig(Optional<String> name, Set<Family> families, List<PrefixRange> allow,
                                 List<PrefixRange> deny, Actions set, List<Rule> rules,
                                 long maxPrefixOut) {
    /** Everything exported with the defaults. */
    public static final ExportPolicyConfig DEFAULT = new ExportPolicyConfig(Optional.empty(), Set.of(), List.of(),
            List.of(), Actions.NONE, List.of(), 0);

    public ExportPolicyConfig {
        Objects.requireNonNull(name, "name");
        families = Set.copyOf(families);
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        Objects.requireNonNull(set, "set");
        rules = List.copyOf(rules);
    }

    /** How a next hop is chosen: {@code self}, {@code source} or a fixed address. */
    public sealed interface NextHop {
        record Self() implements NextHop {
        }

        record Source() implements NextHop {
        }

        record Fixed(InetAddress address) implements NextHop {
        }
    }

    /** Where the MED comes from: a number, {@code priority} or {@code none}. */
    public sealed interface Med {
        record Fixed(long value) implements Med {
        }

        record Priority() implements Med {
        }

        record None() implements Med {
        }
    }

    /**
     * What is set on a route; absent values (empty optionals, empty lists, prepend -1) are inherited.
     *
     * @param communities          standard communities as 32-bit numbers
     * @param extendedCommunities  extended communities as 64-bit numbers
     * @param largeCommunities     large communities, three numbers each
     */
    public record Actions(Optional<NextHop> nextHopIpv4, Optional<NextHop> nextHopIpv6, List<Long> communities,
                          List<Long> extendedCommunities, List<List<Long>> largeCommunities, Optional<Med> med,
                          OptionalLong localPref, int asPathPrepend) {
        public static final Actions NONE = new Actions(Optional.empty(), Optional.empty(), List.of(), List.of(),
                List.of(), Optional.empty(), OptionalLong.empty(), -1);

        public Actions {
            communities = List.copyOf(communities);
            extendedCommunities = List.copyOf(extendedCommunities);
            largeCommunities = largeCommunities.stream().map(List::copyOf).toList();
        }
    }

    /**
     * One rule: conditions (all given ones must hold) and what happens.
     *
     * @param name     its {@code name}, else "rule N" (1-based)
     * @param prefixes the prefix is in one of these ranges
     * @param families the route's family is one of these
     * @param sources  the route's source is one of these
     * @param tags     the route has each tag with this value ({@code "*"}: any value)
     * @param deny     {@code action: deny}
     * @param set      for {@code action: accept}
     */
    public record Rule(String name, List<PrefixRange> prefixes, Set<Family> families,
                       Set<String> sources, Map<String, String> tags, boolean deny, Actions set) {
        public Rule {
            prefixes = List.copyOf(prefixes);
            families = Set.copyOf(families);
            sources = Set.copyOf(sources);
            tags = Map.copyOf(tags);
        }
    }
}
