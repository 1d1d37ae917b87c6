package dev.herald.interop.ovn;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Lab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A throw-away PKI made with the host's openssl, as an operator would with ovs-pki: one CA, a
 * certificate for the SB ovsdb-server and one for herald (the client), RSA 2048 keys in PEM
 * (OpenSSL 3 writes PKCS#8, as ovs-pki on it does). The ovsdb-server checks herald's certificate
 * against the CA, and herald the server's.
 */
record TestPki(Path dir) {
    Path caCert() {
        return dir.resolve("cacert.pem");
    }

    Path key(String name) {
        return dir.resolve(name + "-privkey.pem");
    }

    Path cert(String name) {
        return dir.resolve(name + "-cert.pem");
    }

    static void require() {
        Lab.require(Lab.onPath("openssl"), "openssl is not installed (apt-get install openssl): the ssl: tests make their certificates");
    }

    /** Creates the CA and certificates for {@code names} in {@code dir}. */
    static TestPki create(Path dir, String... names) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestPki p = new TestPki(dir);
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=herald lab CA", "-keyout",
                dir.resolve("ca-privkey.pem").toString(), "-out", p.caCert().toString());
        for (String n : names) {
            Path csr = dir.resolve(n + "-req.pem");
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + n, "-keyout", p.key(n).toString(), "-out",
                    csr.toString());
            openssl("x509", "-req", "-in", csr.toString(), "-CA", p.caCert().toString(), "-CAkey",
                    dir.resolve("ca-privkey.pem").toString(), "-CAcreateserial", "-days", "2", "-out", p.cert(n).toString());
        }
        return p;
    }

    private static void openssl(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Exec.run(cmd, Duration.ofSeconds(60)).check();
    }
}
