package dev.herald.bgpd.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import dev.herald.bgpd.admin.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** A command answered by a running herald through its admin socket. */
abstract class AdminCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(new AdminClient(admin.socket()), out, err);
        } catch (AdminClient.Unreachable e) {
            err.println("herald: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    abstract int run(AdminClient client, PrintWriter out, PrintWriter err) throws AdminClient.Unreachable;

    /**
     * POSTs an RFC 9003 shutdown communication to {@code target}, checked for length first; prints
     * a failure, or with --json the answer.
     *
     * @return the exit code when it was refused or failed, else -1
     */
    final int postCommunication(AdminClient client, String target, String message, PrintWriter out, PrintWriter err)
            throws AdminClient.Unreachable {
        return postCommunication(client, target, message, Map.of(), _ -> { }, out, err);
    }

    /**
     * {@link #postCommunication}, with {@code more} fields beside the message in the body (the peer
     * to drain, {@code herald shutdown --drain}'s seconds); without --json the answer goes to
     * {@code text}.
     */
    final int postCommunication(AdminClient client, String target, String message, Map<String, ?> more,
                                Consumer<JsonNode> text, PrintWriter out, PrintWriter err)
            throws AdminClient.Unreachable {
        if (Messages.tooLong(message, err)) {
            return ExitCodes.USAGE;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.putAll(more);
        AdminClient.Reply r = client.post(target, body);
        if (!r.ok()) {
            return failed(r, err);
        }
        if (admin.json) {
            printJson(out, r.body());
        } else {
            text.accept(r.body());
        }
        return -1;
    }

    /** Prints the reply's JSON as is. */
    static void printJson(PrintWriter out, JsonNode body) {
        out.println(new String(Json.bytes(body), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The exit code for a failed reply, after printing its error. */
    static int failed(AdminClient.Reply r, PrintWriter err) {
        err.println("herald: " + r.error());
        return switch (r.status()) {
            case 404 -> ExitCodes.NOT_FOUND;
            case 400, 405, 409 -> ExitCodes.USAGE;
            case 422 -> ExitCodes.INVALID_CONFIG;
            case 503 -> ExitCodes.UNREACHABLE;
            default -> ExitCodes.INTERNAL_ERROR;
        };
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "-" : v.asString();
    }

    /** 42s, 5m03s, 1h02m, 3d04h. */
    static String duration(JsonNode seconds) {
        if (seconds == null || seconds.isNull()) {
            return "-";
        }
        long s = seconds.asLong();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format("%dd%02dh", s / 86400, s % 86400 / 3600);
    }
}
