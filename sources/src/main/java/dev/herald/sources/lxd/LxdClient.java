package dev.herald.sources.lxd;

import java.io.IOException;
import tools.jackson.databind.JsonNode;

/** The few LXD REST API calls the LXD source makes. */
public interface LxdClient extends AutoCloseable {
    /**
     * {@code GET path} and the response's {@code metadata}.
     *
     * @throws IOException                       when LXD cannot be reached or the HTTP is broken
     * @throws LxdJson.LxdApiException           for an LXD error response (404: not found)
     * @throws LxdJson.LxdGarbageException       for a body that is not the JSON LXD documents
     */
    JsonNode get(String path) throws IOException;

    /**
     * The event subscription both clients make: lifecycle events, and operation events for the end
     * of a cluster member evacuation or restore (LXD before 6.6 sends no lifecycle event for it).
     */
    String EVENTS_PATH = "/1.0/events?type=lifecycle,operation&all-projects=true";

    /**
     * Subscribes to {@link #EVENTS_PATH} for all projects. Returns once the
     * subscription is established; events then go to {@code listener} on an I/O thread (the
     * listener must not block: it only queues), and {@link EventListener#closed} is called exactly once when the stream ends.
     */
    EventStream events(EventListener listener) throws IOException;

    @Override
    void close();

    /** Receives lifecycle and operation events. */
    interface EventListener {
        void event(JsonNode event);

        void closed(Exception cause);
    }

    /** An open event subscription. */
    interface EventStream extends AutoCloseable {
        @Override
        void close();
    }
}
