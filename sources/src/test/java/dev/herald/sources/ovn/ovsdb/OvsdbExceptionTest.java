package dev.herald.sources.ovn.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class OvsdbExceptionTest {
    @Test
    void reasonIsTheFirstMessageInTheCauseChain() {
        Exception e = new ExecutionException(new OvsdbException("unix:/x.sock: connection refused"));
        assertEquals("unix:/x.sock: connection refused", OvsdbException.reason(e));
    }

    @Test
    void reasonNamesTheTypeWhenNothingCarriesAMessage() {
        assertEquals("ClosedChannelException", OvsdbException.reason(new ExecutionException(new ClosedChannelException())));
        assertEquals("ClosedChannelException", OvsdbException.reason(new ClosedChannelException()));
    }
}
