package dev.herald.interop.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    @Test
    void readsFieldsAfterACommandNameWithSpacesAndParentheses() {
        // pid (comm) state ppid ... utime=14 stime=15 cutime=16 cstime=17 ... starttime=22
        String stat = "42 (a (b) c) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 9 0 123456 1000 10\n";
        String[] f = ProcStat.parse(stat);
        assertEquals("S", f[0]);
        assertEquals("250", f[14 - 3]);
        assertEquals("3", f[17 - 3]);
        assertEquals("123456", f[22 - 3]);
    }

    @Test
    void ownProcessHasStartedAndUsedCpu() {
        long pid = ProcessHandle.current().pid();
        assertTrue(ProcStat.startSeconds(pid) <= ProcStat.uptime());
        assertTrue(ProcStat.cpuSeconds(pid) > 0);
    }
}
