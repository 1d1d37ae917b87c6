package dev.herald.bgpd.admin;

import dev.herald.bgpd.daemon.Daemon;
import dev.herald.bgpd.daemon.PeerView;
import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import dev.herald.fsm.transport.MessageCounts;
import dev.herald.os.http.Request;
import dev.herald.os.http.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's endpoints (docs/admin-api.md): requests in, JSON out. Thin: the daemon decides,
 * this only translates.
 */
public record AdminApi(Daemon daemon, Reloader reloader, String version) implements Function<Request, Response> {

    @Override
    public Response apply(Request r) {
        try {
            return route(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "herald is stopping");
        } catch (JacksonException e) {
            return error(400, "request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private Response route(Request r) throws InterruptedException {
        String[] parts = r.path().replaceAll("^/+|/+$", "").split("/");
        if (parts.length < 2 || !parts[0].equals("v1")) {
            return error(404, "no such endpoint " + r.path() + " (the API lives under /v1)");
        }
        String what = parts[1];
        boolean get = r.method().equals("GET");
        boolean post = r.method().equals("POST");
        return switch (what) {
            case "status" -> parts.length == 2 && get ? ok(status()) : notAllowed(r);
            case "peers" -> {
                if (parts.length == 2 && get) {
                    yield ok(peers());
                }
                if (parts.length == 3 && get) {
                    yield daemon.peers().stream().filter(p -> p.name().equals(parts[2])).findFirst()
                            .map(p -> ok(peer(p, daemon))).orElseGet(() -> noPeer(parts[2]));
                }
                if (parts.length == 4 && post) {
                    yield peerAction(parts[2], parts[3], r.body());
                }
                yield notAllowed(r);
            }
            case "routes" -> {
                if (parts.length == 2 && get) {
                    yield routes(r.query().get("peer"), r.query().get("family"));
                }
                if (parts.length == 3 && parts[2].equals("explain") && get) {
                    yield explain(r.query().get("prefix"));
                }
                yield notAllowed(r);
            }
            case "reload" -> parts.length == 2 && post ? reload() : notAllowed(r);
            case "shutdown" -> parts.length == 2 && post ? shutdown(r.body()) : notAllowed(r);
            case "drain" -> parts.length == 2 && post ? drain(r.body()) : notAllowed(r);
            case "undrain" -> parts.length == 2 && post ? undrain(r.body()) : notAllowed(r);
            default -> error(404, "no such endpoint " + r.path());
        };
    }

    private Map<String, Object> status() throws InterruptedException {
        List<PeerView> peers = daemon.peers();
        Map<String, Object> o = Json.object();
        o.put("version", version);
        o.put("pid", ProcessHandle.current().pid());
        o.put("started", daemon.started().toString());
        o.put("uptime_seconds", Duration.between(daemon.started(), Instant.now()).toSeconds());
        o.put("config_file", reloader.file().toString());
        o.put("asn", daemon.config().router().asn());
        o.put("router_id", InetAddresses.toText(daemon.config().router().routerId()));
        o.put("peers_configured", peers.size());
        o.put("peers_established", peers.stream().filter(p -> p.since() != null).count());
        o.put("rib_prefixes", daemon.rib().size());
        Map<String, Object> sources = Json.object();
        Map<String, Integer> offered = daemon.rib().prefixesBySource();
        for (var s : daemon.sources()) {
            sources.put(s.name(), offered.getOrDefault(s.name(), 0));
        }
        o.put("sources", sources);
        daemon.ovnStatus().ifPresent(text -> o.put("ovn", text));
        o.put("drained", drain(daemon.drains().drainedAll()));
        o.put("peers_drained", peers.stream().filter(p -> daemon.drains().drained(p.name()).isPresent()).count());
        o.put("health_checks", HealthJson.of(daemon.healthChecks()));
        return o;
    }

    private List<Object> peers() throws InterruptedException {
        List<Object> out = new ArrayList<>();
        for (PeerView p : daemon.peers()) {
            out.add(peer(p, daemon));
        }
        return out;
    }

    /** A peer with its drain ({@code null} when not drained). */
    static Map<String, Object> peer(PeerView p, Daemon daemon) {
        Map<String, Object> o = peer(p);
        o.put("drained", drain(daemon.drains().drained(p.name())));
        return o;
    }

    private static Map<String, Object> drain(java.util.Optional<dev.herald.bgpd.daemon.DrainView> d) {
        return d.map(v -> {
            Map<String, Object> o = Json.object();
            o.put("since", v.since().toString());
            o.put("message", v.message());
            return o;
        }).orElse(null);
    }

    static Map<String, Object> peer(PeerView p) {
        Map<String, Object> o = Json.object();
        o.put("name", p.name());
        o.put("address", p.address());
        o.put("port", p.port());
        o.put("asn", p.asn());
        o.put("passive", p.passive());
        o.put("state", p.state());
        o.put("admin_down", p.adminDown());
        o.put("established_since", p.since() == null ? null : p.since().toString());
        o.put("uptime_seconds", p.since() == null ? null : Duration.between(p.since(), Instant.now()).toSeconds());
        o.put("flaps", p.flaps());
        o.put("last_error", p.lastError().isEmpty() ? null : p.lastError());
        o.put("local_address", p.localAddress());
        o.put("remote_address", p.remoteAddress());
        o.put("peer_asn", p.since() == null ? null : p.peerAsn());
        o.put("peer_router_id", p.peerRouterId());
        o.put("hold_time", p.since() == null ? null : p.holdTime());
        o.put("families", p.families().stream().map(Family::configName).toList());
        o.put("capabilities", p.capabilities());
        o.put("next_hops", byFamily(p.nextHops()));
        o.put("held_back", byFamily(p.heldBack()));
        o.put("prefixes_sent", byFamily(p.advertised()));
        o.put("prefixes_pending", p.pendingPrefixes());
        o.put("bytes_queued", p.queuedBytes());
        o.put("messages", messages(p.messages()));
        o.put("bfd", BfdJson.of(p.bfd()));
        o.put("health_holds", p.healthHolds().stream().map(HealthJson::hold).toList());
        return o;
    }

    private static <V> Map<String, Object> byFamily(Map<Family, V> m) {
        Map<String, Object> o = Json.object();
        for (Family f : Family.ALL) {
            if (m.containsKey(f)) {
                o.put(f.configName(), m.get(f));
            }
        }
        return o;
    }

    private static Map<String, Object> messages(MessageCounts c) {
        Map<String, Object> in = Json.object();
        Map<String, Object> out = Json.object();
        for (int t = 1; t < MessageCounts.TYPES.size(); t++) {
            in.put(MessageCounts.TYPES.get(t), c.in(t));
            out.put(MessageCounts.TYPES.get(t), c.out(t));
        }
        Map<String, Object> o = Json.object();
        o.put("in", in);
        o.put("out", out);
        return o;
    }

    /** Every Established peer's Adj-RIB-Out (or one peer's), optionally of one family, by peer then prefix. */
    private Response routes(String peer, String familyName) throws InterruptedException {
        Family family = null;
        if (familyName != null) {
            family = Family.ofConfigName(familyName);
            if (family == null) {
                return error(400, "unknown family '" + familyName + "' (ipv4-unicast or ipv6-unicast)");
            }
        }
        List<String> names = daemon.config().peers().stream().map(p -> p.name()).toList();
        if (peer != null) {
            if (!names.contains(peer)) {
                return noPeer(peer);
            }
            names = List.of(peer);
        }
        List<Object> out = new ArrayList<>();
        for (String name : names) {
            for (var e : daemon.rib().adjRibOut(name, family)) {
                out.add(RoutesJson.entry(name, e));
            }
        }
        return ok(out);
    }

    private Response explain(String prefix) throws InterruptedException {
        if (prefix == null) {
            return error(400, "explain needs ?prefix=PREFIX");
        }
        dev.herald.codec.Prefix p;
        try {
            p = dev.herald.codec.Prefix.parse(prefix);
        } catch (IllegalArgumentException e) {
            return error(400, "not a prefix: " + e.getMessage());
        }
        return ok(RoutesJson.explanation(daemon.rib().explain(p)));
    }

    private Response peerAction(String name, String action, byte[] body) {
        if (!action.equals("disable") && !action.equals("enable")) {
            return error(404, "no such action '" + action + "' (disable or enable)");
        }
        String message = message(body);
        boolean found = switch (action) {
            case "disable" -> daemon.disablePeer(name, message);
            case "enable" -> daemon.enablePeer(name);
            default -> throw new IllegalArgumentException();
        };
        if (!found) {
            return noPeer(name);
        }
        Map<String, Object> o = Json.object();
        o.put("peer", name);
        o.put("action", action);
        o.put("message", action.equals("disable") ? message : null);
        return ok(o);
    }

    private Response reload() {
        Reloader.Outcome outcome = reloader.reload();
        Map<String, Object> o = Json.object();
        o.put("applied", outcome.ok());
        o.put("errors", outcome.errors());
        o.put("refused", outcome.result() == null ? List.of() : outcome.result().refused());
        o.put("changes", outcome.result() == null ? List.of() : outcome.result().changes());
        return new Response(outcome.ok() ? 200 : 422, Json.bytes(o));
    }

    private Response shutdown(byte[] body) {
        String message = message(body);
        JsonNode d = body.length == 0 ? null : Json.parse(body).get("drain_seconds");
        if (d != null && !d.isNull() && (!d.canConvertToInt() || d.asInt() < 0 || d.asInt() > 3600)) {
            return error(400, "drain_seconds must be 0..3600");
        }
        java.time.Duration drain = java.time.Duration.ofSeconds(d == null || d.isNull() ? 0 : d.asInt());
        Map<String, Object> o = Json.object();
        o.put("shutting_down", true);
        o.put("message", message);
        o.put("drain_seconds", drain.toSeconds());
        // After the answer is out: the daemon's stop closes this socket.
        return new Response(200, Json.bytes(o), () -> daemon.shutdown(message, drain));
    }

    private Response drain(byte[] body) {
        java.util.Optional<String> peer = field(body, "peer");
        String message = message(body);
        if (!daemon.drains().drain(peer, message)) {
            return noPeer(peer.orElseThrow());
        }
        Map<String, Object> o = Json.object();
        o.put("drained", peer.map(List::of).orElse(daemon.config().peers().stream().map(p -> p.name()).toList()));
        o.put("message", message);
        return ok(o);
    }

    private Response undrain(byte[] body) {
        java.util.Optional<String> peer = field(body, "peer");
        java.util.Optional<String> refused = daemon.drains().undrain(peer);
        if (refused.isPresent()) {
            return error(refused.get().startsWith("no peer") ? 404 : 409, refused.get());
        }
        Map<String, Object> o = Json.object();
        o.put("undrained", peer.map(List::of).orElse(daemon.config().peers().stream().map(p -> p.name()).toList()));
        return ok(o);
    }

    /** An optional string {@code name} of a request body. */
    private static java.util.Optional<String> field(byte[] body, String name) {
        if (body.length == 0) {
            return java.util.Optional.empty();
        }
        JsonNode n = Json.parse(body).get(name);
        return n == null || n.isNull() ? java.util.Optional.empty() : java.util.Optional.of(n.asString());
    }

    /** The optional {@code message} of a request body ({@code {"message": "..."}}); "" when absent. */
    private static String message(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        JsonNode n = Json.parse(body).get("message");
        return n == null || n.isNull() ? "" : n.asString();
    }

    private static Response ok(Object value) {
        return new Response(200, Json.bytes(value));
    }

    private static Response noPeer(String name) {
        return error(404, "no peer named '" + name + "'");
    }

    private static Response notAllowed(Request r) {
        return error(405, r.method() + " " + r.path() + " is not supported");
    }

    static Response error(int status, String message) {
        Map<String, Object> o = Json.object();
        o.put("error", message);
        return new Response(status, Json.bytes(o));
    }
}
