package dev.herald.interop.lab;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(RequiresHeraldLab.class)} on a lab test class: before its tests, requires the
 * lab ({@link Lab#requireLab}: root, iproute2) and herald.jar ({@link Herald#requireJar}); skips
 * loudly when one is missing, fails under {@code CI=true}, as the classes' own set-up did.
 */
public final class RequiresHeraldLab implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        Lab.requireLab();
        Herald.requireJar();
    }
}
