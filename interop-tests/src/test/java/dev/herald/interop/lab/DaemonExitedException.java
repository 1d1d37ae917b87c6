package dev.herald.interop.lab;

/** A daemon the lab started (router or herald) is gone: waiting longer cannot help. */
public final class DaemonExitedException extends LabException {
    public DaemonExitedException(String message) {
        super(message);
    }
}
