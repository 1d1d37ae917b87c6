package dev.herald.rib;

/**
 * One export rule: the first rule whose match holds decides (like a route-map entry).
 *
 * @param name  how explanations refer to it ("rule 2" unless named)
 * @param match the conditions
 * @param deny  true: the route is not sent; false: it is sent with {@code set} applied
 * @param set   what to change (inherits what it leaves out)
 */
public record ExportRule(String name, RouteMatch match, boolean deny, ExportActions set) {
    public ExportRule {
        if (name == null || match == null || set == null) {
            throw new IllegalArgumentException("name, match and set are required");
        }
    }
}
