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
 * for chassis gwN.
 */
public final class Fixtures {
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private Fixtures() {
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
}
