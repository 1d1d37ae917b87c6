package dev.herald.interop.lab;

/** Something in the lab itself (not in the system under test) went wrong. */
public class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
