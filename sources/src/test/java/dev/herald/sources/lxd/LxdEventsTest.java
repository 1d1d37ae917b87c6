package dev.herald.sources.lxd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.herald.sources.lxd.LxdEvents.FullRefetch;
import dev.herald.sources.lxd.LxdEvents.Ignore;
import dev.herald.sources.lxd.LxdEvents.InstanceRefetch;
import dev.herald.sources.lxd.LxdEvents.NetworkRefetch;
import dev.herald.sources.lxd.LxdEvents.Refetch;
import dev.herald.sources.lxd.LxdModel.Key;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LxdEventsTest {
    private static Refetch c(String json) {
        return LxdEvents.classify(LxdJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void capturedLifecycleEvents() throws Exception {
        // captured from LXD 5.0.2's /1.0/events?type=lifecycle&all-projects=true: stop and start c2 in p2,
        // set a NIC key on c1, set a network key, delete a forward, create and delete c9, set a profile key
        List<Refetch> got = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/lxd/events-lifecycle.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    got.add(c(line));
                }
            }
        }
        assertEquals(List.of(new InstanceRefetch(new Key("p2", "c2")), new InstanceRefetch(new Key("p2", "c2")),
                new InstanceRefetch(new Key("default", "c1")), new NetworkRefetch(new Key("default", "hbr0")),
                new NetworkRefetch(new Key("default", "hbr0")), new InstanceRefetch(new Key("default", "c9")),
                new InstanceRefetch(new Key("default", "c9")), new InstanceRefetch(new Key("default", "c1")),
                new FullRefetch("profile-updated")), got);
    }

    @Test
    void otherEventsAndGarbage() {
        assertInstanceOf(Ignore.class, c("{\"type\":\"logging\",\"metadata\":{}}"));
        assertInstanceOf(Ignore.class, c("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"image-created\",\"source\":\"/1.0/images/x\"}}"));
        assertInstanceOf(Ignore.class, c("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"instance-snapshot-created\","
                + "\"source\":\"/1.0/instances/c1/snapshots/s\"}}"));
        assertInstanceOf(FullRefetch.class, c("{\"type\":\"lifecycle\",\"metadata\":{\"source\":\"/1.0/instances/c1\"}}"));
        assertInstanceOf(FullRefetch.class, c("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"instance-started\",\"source\":\"%%\"}}"));
        assertInstanceOf(FullRefetch.class, c("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"instance-renamed\","
                + "\"source\":\"/1.0/instances/c2\"}}"));
        assertInstanceOf(FullRefetch.class, c("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"project-updated\","
                + "\"source\":\"/1.0/projects/p2\"}}"));
        assertInstanceOf(FullRefetch.class, c("[1]"));
        // found by LxdFuzzTest.events: an empty object name is no object to read again
        assertInstanceOf(FullRefetch.class, c("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"instance-updated\","
                + "\"source\":\"/1.0/instances//1\"}}"));
        assertInstanceOf(FullRefetch.class, c("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"network-updated\","
                + "\"source\":\"/1.0/networks/?project=p\"}}"));
        assertEquals(new InstanceRefetch(new Key("my proj", "a b")), c("{\"type\":\"lifecycle\",\"metadata\":"
                + "{\"action\":\"instance-started\",\"source\":\"/1.0/instances/a%20b?project=my%20proj\"}}"));
        // cluster members: LXD 6.6+ and Incus announce evacuation and restore as lifecycle events
        assertInstanceOf(FullRefetch.class, c("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"cluster-member-evacuated\","
                + "\"source\":\"/1.0/cluster/members/m1\"}}"));
        assertEquals(new NetworkRefetch(new Key("default", "br")), c("{\"type\":\"lifecycle\",\"metadata\":"
                + "{\"action\":\"network-load-balancer-created\",\"source\":\"/1.0/networks/br/load-balancers/192.0.2.1\"}}"));
    }

    @Test
    void theEndOfAnEvacuationOrRestoreOperationReadsEverything() {
        // LXD before 6.6 sends no lifecycle event for either: the operation's end is all there is
        assertEquals(new FullRefetch("Evacuating cluster member: Success"),
                c(LxdClusterTest.operation("Evacuating cluster member", "Success")));
        assertEquals(new FullRefetch("Restoring cluster member: Failure"),
                c(LxdClusterTest.operation("Restoring cluster member", "Failure")));
        assertInstanceOf(Ignore.class, c(LxdClusterTest.operation("Evacuating cluster member", "Running")));
        assertInstanceOf(Ignore.class, c(LxdClusterTest.operation("Executing command", "Success")));
        assertInstanceOf(Ignore.class, c("{\"type\":\"operation\",\"metadata\":[]}"));
    }
}
