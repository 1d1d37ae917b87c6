package dev.herald.sources.ovn;

import dev.herald.sources.ovn.ovsdb.DbState;
import dev.herald.sources.ovn.ovsdb.Schema;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON captured from a real OVN 25.03 Southbound (ovsdb-server 3.5, ovn-northd 25.03):
 * a gateway router lr-gw pinned to chassis gw1 (options:chassis) and a distributed router lr-d
 * whose gateway port's chassis-redirect port is bound to gw2, with VIF vm2 bound to gw1 and
 * a distributed NAT tracking it. sb-gwN.json is the monitor_cond reply herald's conditions get
 * for chassis gwN. Added by hand: lr-d's gateway port lrp-d-ext has options peer and
 * chassis-redirect-port, as northd writes them once the port is connected to a switch (without
 * them ovn-controller from 25.09 finds no port through which lr-d takes part).
 */
public final class Fixtures {
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private Fixtures() {
    }

    /** JSON text written in a test, parsed. */
    public static JsonNode j(String text) {
        return JSON.readTree(text);
    }

    public static JsonNode json(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ovn/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ovn/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Schema schema() {
        return Schema.parse(json("ovn-sb-25.03.ovsschema"));
    }

    public static DbState state(String name) {
        DbState s = new DbState(schema());
        s.applyUpdate2(json(name));
        return s;
    }

    /** The fixture as the monitor would give it from a server whose SB schema has {@code version}. */
    public static DbState state(String name, String version) {
        Schema s = schema();
        DbState st = new DbState(new Schema(s.name(), version, s.tables()));
        st.applyUpdate2(json(name));
        return st;
    }

    /** Applies an update2 given as JSON text. */
    public static void update(DbState s, String json) {
        s.applyUpdate2(Fixtures.JSON.readTree(json));
    }

    public static String portUuid(DbState s, String name) {
        return s.rows("Port_Binding").entrySet().stream()
                .filter(e -> e.getValue().get("logical_port") != null && name.equals(e.getValue().get("logical_port").asString()))
                .findFirst().orElseThrow().getKey();
    }

    public static String datapathUuid(DbState s, String router) {
        return s.rows("Datapath_Binding").entrySet().stream()
                .filter(e -> e.getValue().get("external_ids").toString().contains("\"" + router + "\"")).findFirst().orElseThrow()
                .getKey();
    }
}
