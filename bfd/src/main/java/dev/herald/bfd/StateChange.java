package dev.herald.bfd;

/** A change of bfd.SessionState, with the bfd.LocalDiag it was made with. */
public record StateChange(State from, State to, Diagnostic diagnostic) {}
