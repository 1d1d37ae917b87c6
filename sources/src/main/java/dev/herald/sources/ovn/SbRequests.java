package dev.herald.sources.ovn;

import dev.herald.sources.ovn.ovsdb.DbState;
import dev.herald.sources.ovn.ovsdb.Datum;
import dev.herald.sources.ovn.ovsdb.OvsdbMonitor;
import dev.herald.sources.ovn.ovsdb.Schema;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Southbound rows and columns the OVN source needs, and no more: every Advertised_Route;
 * router-side Port_Bindings (l3gateway, chassisredirect, patch) plus whatever is bound to this
 * chassis (a tracked port elsewhere is simply "not local"); the Datapath_Bindings; and only this
 * chassis's Chassis row.
 */
public final class SbRequests implements OvsdbMonitor.Requests {
    public static final String DATABASE = "OVN_Southbound";
    static final String ADVERTISED_ROUTE = "Advertised_Route";
    static final String PORT_BINDING = "Port_Binding";
    static final String DATAPATH_BINDING = "Datapath_Binding";
    static final String CHASSIS = "Chassis";
    static final List<String> ROUTE_COLUMNS = List.of("datapath", "logical_port", "ip_prefix", "tracked_port");
    static final List<String> PORT_COLUMNS = List.of("logical_port", "type", "chassis", "datapath", "options", "mac");
    static final List<String> DATAPATH_COLUMNS = List.of("external_ids", "tunnel_key");
    static final List<String> CHASSIS_COLUMNS = List.of("name");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String chassis;

    public SbRequests(String chassis) {
        this.chassis = chassis;
    }

    @Override
    public ObjectNode build(Schema schema, DbState current) {
        ObjectNode out = F.objectNode();
        add(out, schema, ADVERTISED_ROUTE, ROUTE_COLUMNS, null);
        add(out, schema, DATAPATH_BINDING, DATAPATH_COLUMNS, null);
        add(out, schema, CHASSIS, CHASSIS_COLUMNS, F.arrayNode().add(clause("name", "==", F.stringNode(chassis))));
        ArrayNode ports = F.arrayNode();
        for (String type : List.of("l3gateway", "chassisredirect", "patch")) {
            ports.add(clause("type", "==", F.stringNode(type)));
        }
        String uuid = localChassisUuid(current, chassis);
        if (uuid != null) {
            ports.add(clause("chassis", "==", F.arrayNode().add("uuid").add(uuid)));
        }
        add(out, schema, PORT_BINDING, PORT_COLUMNS, ports);
        return out;
    }

    /** The uuid of the Chassis row named {@code chassis}, or null while there is none. */
    static String localChassisUuid(DbState state, String chassis) {
        for (Map.Entry<String, Map<String, JsonNode>> e : state.rows(CHASSIS).entrySet()) {
            if (chassis.equals(Datum.optionalText(e.getValue().get("name")))) {
                return e.getKey();
            }
        }
        return null;
    }

    private static void add(ObjectNode out, Schema schema, String table, List<String> columns, ArrayNode where) {
        if (!schema.hasTable(table)) {
            return;
        }
        ArrayNode cols = F.arrayNode();
        for (String c : columns) {
            if (schema.tables().get(table).containsKey(c)) {
                cols.add(c);
            }
        }
        ObjectNode req = F.objectNode();
        req.set("columns", cols);
        if (where != null) {
            req.set("where", where);
        }
        out.set(table, F.arrayNode().add(req));
    }

    private static ArrayNode clause(String column, String op, JsonNode value) {
        return F.arrayNode().add(column).add(op).add(value);
    }
}
