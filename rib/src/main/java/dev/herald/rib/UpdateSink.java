package dev.herald.rib;

import dev.herald.codec.Update;

/** Where the RIB writes one peer's UPDATEs; the session layer turns them into bytes. */
public interface UpdateSink {
    void send(Update update);

    /** Marks the end of a batch: the transport may now write what it buffered. */
    void flush();
}
