package dev.herald.bgpd.cli;

import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The address family an operator types: herald's config names (ipv4-unicast, ipv6-unicast) and the
 * short forms other daemons' users type (gobgp's {@code -a ipv4}, {@code v4}), each turned into the
 * config name the admin API takes.
 */
final class FamilyName implements ITypeConverter<String> {
    static final String FORMS = "ipv4-unicast, ipv4 or v4; ipv6-unicast, ipv6 or v6";

    @Override
    public String convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "ipv4-unicast", "ipv4", "v4" -> "ipv4-unicast";
            case "ipv6-unicast", "ipv6", "v6" -> "ipv6-unicast";
            default -> throw new TypeConversionException("unknown family '" + value + "' (" + FORMS + ")");
        };
    }
}
