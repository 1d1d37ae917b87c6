package dev.herald.interop.lab;

/** The address families the lab configures on routers. */
public enum Family {
    IPV4_UNICAST("ipv4-unicast"),
    IPV6_UNICAST("ipv6-unicast");

    private final String configName;

    Family(String configName) {
        this.configName = configName;
    }

    /** The name used by herald's YAML and by GoBGP ({@code ipv4-unicast}). */
    public String configName() {
        return configName;
    }
}
