package dev.herald.sources.ovn.ovsdb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files an {@code ssl:} remote needs, as ovn-controller takes them: this chassis's private
 * key (PEM, PKCS#8) and certificate, and the CA certificate the server's certificate must chain
 * to. Like OVS, the server's name is not checked against its certificate; the CA is.
 */
public record TlsFiles(Path privateKey, Path certificate, Path caCertificate) {
    public TlsFiles {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }
}
