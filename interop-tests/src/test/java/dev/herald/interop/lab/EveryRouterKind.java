package dev.herald.interop.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The arguments of a {@code @ParameterizedTest} that runs against every router of the matrix
 * (FRR, GoBGP, BIRD 2 and 3, OpenBGPD; sid, trixie and host builds): one list for the tests that
 * each carried their own copy. A kind whose tree is missing skips ({@link RouterKind#require}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@EnumSource(value = RouterKind.class, names = {"FRR_SID", "FRR_TRIXIE", "FRR_HOST", "GOBGP_SID", "GOBGP_TRIXIE", "GOBGP_HOST",
        "BIRD_SID", "BIRD3_SID", "BIRD_TRIXIE", "BIRD_HOST", "OPENBGPD_SID", "OPENBGPD_TRIXIE"})
public @interface EveryRouterKind {
}
