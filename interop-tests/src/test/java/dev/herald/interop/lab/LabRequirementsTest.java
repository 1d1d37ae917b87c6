package dev.herald.interop.lab;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing lab prerequisite skips locally but fails under CI=true. */
class LabRequirementsTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void satisfiedRequirementPasses() {
        assertDoesNotThrow(() -> Lab.require(true, "never shown", true, QUIET));
        assertDoesNotThrow(() -> Lab.require(true, "never shown", false, QUIET));
    }

    @Test
    void missingPrerequisiteSkipsOutsideCi() {
        assertThrows(TestAbortedException.class, () -> Lab.require(false, "(expected by LabRequirementsTest) not root", false, QUIET));
    }

    @Test
    void missingPrerequisiteFailsUnderCi() {
        assertThrows(AssertionFailedError.class, () -> Lab.require(false, "(expected by LabRequirementsTest) not root", true, QUIET));
    }
}
