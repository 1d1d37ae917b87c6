package dev.herald.sources.ovn.ovsdb;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Whether a server's copy of a clustered database may be read (what ovsdb-cs checks in the
 * {@code _Server} database's {@code Database} table): it must be connected to its cluster and
 * not behind a copy already seen. Followers are fine: a read-only client needs no leader.
 *
 * <p>Pure; remembers the highest {@code index} seen per cluster id across servers.
 */
public final class ServerCheck {
    /**
     * The columns of {@code _Server.Database} the check reads, as its schema types them: each
     * holds one value at most ({@code index} and {@code cid} are optional), so a "modify" brings
     * the new value.
     */
    public static final Schema SCHEMA = new Schema("_Server", "", Map.of("Database", Map.of("name", Schema.ColumnKind.SINGLE,
            "model", Schema.ColumnKind.SINGLE, "connected", Schema.ColumnKind.SINGLE, "leader", Schema.ColumnKind.SINGLE,
            "index", Schema.ColumnKind.SINGLE, "cid", Schema.ColumnKind.SINGLE)));

    private String cid;
    private long maxIndex = -1;

    /**
     * @param row the {@code Database} row for the database, null when the server does not list it
     * @return why the server must not be used, or null when it may
     */
    public String problem(String database, Map<String, JsonNode> row) {
        if (row == null) {
            return "it does not serve " + database;
        }
        String model = Datum.optionalText(row.get("model"));
        if (!"clustered".equals(model)) {
            return null; // standalone or active-backup: nothing to compare
        }
        JsonNode connected = row.get("connected");
        if (connected == null || !connected.asBoolean(false)) {
            return "it is not connected to the " + database + " cluster";
        }
        String rowCid = Datum.optionalText(row.get("cid"));
        String idx = Datum.optionalText(row.get("index"));
        if (idx == null) {
            return null;
        }
        long index;
        try {
            index = Long.parseLong(idx);
        } catch (NumberFormatException e) {
            // the schema says integer: a server saying otherwise is not one to trust
            return "its Database row's index '" + idx + "' is not an integer";
        }
        if (rowCid != null && !rowCid.equals(cid)) {
            cid = rowCid; // another cluster (a database created afresh): indexes start over
            maxIndex = -1;
        }
        if (index < maxIndex) {
            return "its copy of " + database + " is stale (index " + index + ", " + maxIndex + " seen)";
        }
        maxIndex = index;
        return null;
    }

    public long maxIndexSeen() {
        return maxIndex;
    }
}
