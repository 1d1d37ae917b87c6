package dev.herald.rib;

/** What export policy makes of one route for one update group. */
public sealed interface Decision {
    /** Sent with this advertisement. */
    record Send(Advertisement advertisement) implements Decision {
    }

    /** Not sent, for this reason. */
    record Refuse(Verdict verdict, String reason) implements Decision {
    }
}
