package dev.herald.sources;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The seed corpora of the sources' fuzz targets ({@code ovn.OvsdbFuzzTest},
 * {@code lxd.LxdFuzzTest}), made from the JSON captured from a real OVN 25.03 Southbound and LXD
 * 5.0.2 (the test resources under ovn/ and lxd/). The corpora are committed and replayed by every
 * {@code ./mvnw verify}, with every crash input Jazzer found kept beside them (crash-*, by hand);
 * {@code ./mvnw -pl sources test -Dtest=FuzzCorpusTest -Dsources.writeSeeds=true} writes the
 * generated seeds anew.
 */
class FuzzCorpusTest {
    static final Path RESOURCES = Path.of("src/test/resources");
    static final Map<String, List<String>> TARGETS = Map.of(
            "dev/herald/sources/ovn/OvsdbFuzzTestInputs", List.of("jsonRpcStream", "southboundUpdates"),
            "dev/herald/sources/lxd/LxdFuzzTestInputs", List.of("apiResponses", "events"));
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void everyTargetHasACommittedCorpus() throws IOException {
        for (var e : TARGETS.entrySet()) {
            for (String target : e.getValue()) {
                Path dir = RESOURCES.resolve(e.getKey()).resolve(target);
                assertTrue(Files.isDirectory(dir), dir + " is missing");
                try (Stream<Path> files = Files.list(dir)) {
                    long n = files.count();
                    assertTrue(n >= 5, dir + " holds only " + n + " seeds");
                }
            }
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "sources.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        write("dev/herald/sources/ovn/OvsdbFuzzTestInputs/jsonRpcStream", rpcSeeds());
        write("dev/herald/sources/ovn/OvsdbFuzzTestInputs/southboundUpdates", updateSeeds());
        write("dev/herald/sources/lxd/LxdFuzzTestInputs/apiResponses", apiSeeds());
        write("dev/herald/sources/lxd/LxdFuzzTestInputs/events", eventSeeds());
    }

    private static Map<String, byte[]> rpcSeeds() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        JsonNode gw1 = json("ovn/sb-gw1.json");
        JsonNode gw2 = json("ovn/sb-gw2.json");
        JsonNode update3 = json("ovn/update3.json");
        JsonNode since = json("ovn/since-initial.json");
        ObjectNode serverRow = F.objectNode();
        serverRow.put("name", "OVN_Southbound").put("model", "clustered").put("connected", true).put("leader", false);
        serverRow.set("index", F.numberNode(4711));
        serverRow.set("cid", F.arrayNode().add("uuid").add("2c7b2e5e-6a9c-4c3e-9d55-1d1c7a1b6f01"));
        ObjectNode serverUpdates = F.objectNode();
        serverUpdates.set("Database", F.objectNode().set("5b1c5f0e-1111-4c3e-9d55-1d1c7a1b6f01",
                F.objectNode().set("initial", serverRow)));
        ObjectNode serverReply = F.objectNode().put("id", 4);
        serverReply.set("result", serverUpdates);
        serverReply.putNull("error");
        ObjectNode condReply = F.objectNode().put("id", 5);
        condReply.set("result", gw1);
        condReply.putNull("error");
        ObjectNode sinceReply = F.objectNode().put("id", 6);
        sinceReply.set("result", F.arrayNode().add(false).add("d5d2e0ae-59a7-4e6e-8f6a-3b1f5c1d2e3f").add(gw2));
        sinceReply.putNull("error");
        ObjectNode update2 = F.objectNode().putNull("id").put("method", "update2");
        update2.set("params", F.arrayNode().add("herald").add(update3.path("params").path(2)));
        ObjectNode serverNote = F.objectNode().putNull("id").put("method", "update2");
        ObjectNode modify = F.objectNode();
        modify.set("Database", F.objectNode().set("5b1c5f0e-1111-4c3e-9d55-1d1c7a1b6f01",
                F.objectNode().set("modify", F.objectNode().put("index", 4712))));
        serverNote.set("params", F.arrayNode().add("herald-server").add(modify));
        ObjectNode echo = F.objectNode().put("id", "echo").put("method", "echo");
        echo.set("params", F.arrayNode());
        ObjectNode echoReply = F.objectNode().put("id", "echo").putNull("error");
        echoReply.set("result", F.arrayNode());
        ObjectNode error = F.objectNode().put("id", 7).putNull("result");
        error.set("error", F.objectNode().put("error", "unknown method").put("details", "monitor_cond_since"));
        ObjectNode canceled = F.objectNode().putNull("id").put("method", "monitor_canceled");
        canceled.set("params", F.arrayNode().add("herald"));
        List<JsonNode> all = List.of(serverReply, condReply, sinceReply, update3, update2, serverNote, echo, echoReply, error,
                canceled, since);
        int i = 0;
        for (JsonNode m : all) {
            out.put("message-%02d".formatted(i), prefixed(0xff, bytes(m)));
            out.put("message-%02d-chunked".formatted(i), prefixed(i * 13 % 64, bytes(m)));
            i++;
        }
        StringBuilder session = new StringBuilder();
        for (JsonNode m : List.of(serverReply, condReply, update3, update2, serverNote, echo)) {
            session.append(JSON.writeValueAsString(m)).append(i % 2 == 0 ? "\n" : "");
        }
        out.put("session-byte-by-byte", prefixed(0, session.toString().getBytes(StandardCharsets.UTF_8)));
        out.put("session-chunks-of-100", prefixed(99, session.toString().getBytes(StandardCharsets.UTF_8)));
        out.put("pretty-printed", prefixed(31, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(update3)));
        out.put("garbage-between", prefixed(0xff, (JSON.writeValueAsString(echo) + " x " + JSON.writeValueAsString(echo))
                .getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static Map<String, byte[]> updateSeeds() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        JsonNode gw1 = json("ovn/sb-gw1.json");
        JsonNode gw2 = json("ovn/sb-gw2.json");
        JsonNode inserts = json("ovn/update3.json").path("params").path(2);
        JsonNode since = json("ovn/since-initial.json").path("result").path(2);
        out.put("sb-gw1", bytes(gw1));
        out.put("sb-gw2", bytes(gw2));
        out.put("since-initial", bytes(since));
        out.put("sb-gw1-then-inserts", concat(gw1, inserts));
        // a route row changed, a port moved, a datapath's external_ids changed, a row deleted
        String route = gw1.path("Advertised_Route").propertyNames().iterator().next();
        String port = gw1.path("Port_Binding").propertyNames().iterator().next();
        String dp = gw1.path("Datapath_Binding").propertyNames().iterator().next();
        ObjectNode mod = F.objectNode();
        mod.set("Advertised_Route", F.objectNode().set(route, F.objectNode().set("modify",
                F.objectNode().put("ip_prefix", "203.0.113.0/24"))));
        ObjectNode mod2 = F.objectNode();
        ArrayNode opts = F.arrayNode().add("map").add(F.arrayNode().add(F.arrayNode().add("dynamic-routing").add("true"))
                .add(F.arrayNode().add("dynamic-routing-vrf-name").add("blue")));
        mod2.set("Port_Binding", F.objectNode().set(port, F.objectNode().set("modify", F.objectNode().set("options", opts))));
        ObjectNode mod3 = F.objectNode();
        mod3.set("Datapath_Binding", F.objectNode().set(dp, F.objectNode().set("modify", F.objectNode().set("external_ids",
                F.arrayNode().add("map").add(F.arrayNode().add(F.arrayNode().add("dynamic-routing-vrf-id").add("42")))))));
        ObjectNode del = F.objectNode();
        del.set("Advertised_Route", F.objectNode().set(route, F.objectNode().putNull("delete")));
        out.put("sb-gw1-modify-route", concat(gw1, mod));
        out.put("sb-gw1-modify-port-options", concat(gw1, mod2));
        out.put("sb-gw1-modify-vrf-id", concat(gw1, mod3));
        out.put("sb-gw1-delete-route", concat(gw1, del));
        out.put("sb-gw2-everything", concat(gw2, inserts, mod, mod2, mod3, del));
        return out;
    }

    private static Map<String, byte[]> apiSeeds() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        // in the order the loader asks for them (LxdLoaderTest's bridge fixture: one project)
        List<String> full = List.of("server.json", "projects.json", "networks-default.json", "forwards-hbr0.json",
                "instances.json");
        out.put("bridge-full", join(full.stream().map(f -> "lxd/bridge/" + f).toList()));
        out.put("bridge-full-then-instance", join(Stream.concat(full.stream(), Stream.of("instance-c1-stopped.json"))
                .map(f -> "lxd/bridge/" + f).toList()));
        out.put("bridge-full-then-404", join(Stream.concat(full.stream(), Stream.of("instance-404.json", "instance-404.json"))
                .map(f -> "lxd/bridge/" + f).toList()));
        out.put("server-only", join(List.of("lxd/bridge/server.json")));
        out.put("error-first", join(List.of("lxd/bridge/instance-404.json")));
        return out;
    }

    private static Map<String, byte[]> eventSeeds() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] all = Files.readAllBytes(RESOURCES.resolve("lxd/events-lifecycle.jsonl"));
        out.put("lifecycle-all", all);
        int i = 0;
        for (String line : new String(all, StandardCharsets.UTF_8).split("\n")) {
            out.put("lifecycle-%02d".formatted(i++), line.getBytes(StandardCharsets.UTF_8));
        }
        String[] more = {
            "{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"network-updated\",\"source\":\"/1.0/networks/lxdbr0\"},\"project\":\"default\"}",
            "{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"network-forward-created\",\"source\":\"/1.0/networks/hbr0/forwards/192.0.2.10?project=p%201\"},\"project\":\"p 1\"}",
            "{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"instance-renamed\",\"source\":\"/1.0/instances/c3\",\"context\":{\"old_name\":\"c2\"}}}",
            "{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"profile-updated\",\"source\":\"/1.0/profiles/default\"}}",
            "{\"type\":\"logging\",\"metadata\":{\"message\":\"x\"}}",
            "{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"instance-started\",\"source\":\"/1.0/instances/c%2Fd?project=p2\"}}",
        };
        for (String m : more) {
            out.put("lifecycle-%02d".formatted(i++), m.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static JsonNode json(String resource) throws IOException {
        return JSON.readTree(Files.readAllBytes(RESOURCES.resolve(resource)));
    }

    private static byte[] bytes(JsonNode n) {
        return JSON.writeValueAsBytes(n);
    }

    private static byte[] concat(JsonNode... values) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode v : values) {
            sb.append(JSON.writeValueAsString(v)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] join(List<String> resources) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < resources.size(); i++) {
            if (i > 0) {
                out.write(0);
            }
            out.write(Files.readAllBytes(RESOURCES.resolve(resources.get(i))));
        }
        return out.toByteArray();
    }

    private static byte[] prefixed(int first, byte[] rest) {
        byte[] b = new byte[rest.length + 1];
        b[0] = (byte) first;
        System.arraycopy(rest, 0, b, 1, rest.length);
        return b;
    }

    private static void write(String dir, Map<String, byte[]> seeds) throws IOException {
        Path d = RESOURCES.resolve(dir);
        Files.createDirectories(d);
        for (var e : seeds.entrySet()) {
            Files.write(d.resolve(e.getKey()), e.getValue());
        }
    }
}
