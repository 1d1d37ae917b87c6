package dev.herald.sources.health;

/**
 * One run of a probe: {@link #call} blocks on its own virtual thread; {@link #abort}, from the
 * scheduler thread at the timeout, ends it and releases what it holds (a process tree, a socket).
 */
interface ProbeRun {
    ProbeResult call() throws Exception;

    /** Ends the run; may come before, during or after {@link #call}, and more than once. */
    void abort();
}
