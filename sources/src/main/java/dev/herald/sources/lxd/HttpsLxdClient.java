package dev.herald.sources.lxd;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;

/**
 * A remote LXD over HTTPS with a client certificate (the JDK's HttpClient and WebSocket). The key
 * must be PEM PKCS#8 ({@code openssl pkcs8 -topk8 -nocrypt -in client.key}); the server is
 * trusted through {@code serverCert} when given, else through the JDK's trust store.
 */
public final class HttpsLxdClient implements LxdClient {
    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public HttpsLxdClient(URI base, Path clientCert, Path clientKey, Path serverCert, Duration timeout) throws IOException {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().sslContext(ssl(clientCert, clientKey, serverCert)).connectTimeout(timeout).build();
    }

    static SSLContext ssl(Path certFile, Path keyFile, Path serverCert) throws IOException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Certificate[] chain = cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile)))
                    .toArray(new Certificate[0]);
            PrivateKey key = pkcs8(Files.readString(keyFile, StandardCharsets.US_ASCII));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", key, new char[0], chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            javax.net.ssl.TrustManager[] trust = null;
            if (serverCert != null) {
                java.util.List<Certificate> pinned = java.util.List.copyOf(
                        cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(serverCert))));
                trust = new javax.net.ssl.TrustManager[] {new Pinned(pinned)};
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the LXD client certificate/key: " + e.getMessage(), e);
        }
    }

    /**
     * Trusts exactly the pinned certificate(s), as {@code lxc remote add} does: LXD's self-signed
     * server certificate rarely names the host it is reached by, so there is no host name check.
     */
    static final class Pinned extends javax.net.ssl.X509ExtendedTrustManager {
        private final java.util.List<Certificate> pinned;

        Pinned(java.util.List<Certificate> pinned) {
            this.pinned = pinned;
        }

        private void check(java.security.cert.X509Certificate[] chain) throws java.security.cert.CertificateException {
            if (chain == null || chain.length == 0 || !pinned.contains(chain[0])) {
                throw new java.security.cert.CertificateException("the LXD server's certificate is not the pinned server-cert");
            }
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket socket)
                throws java.security.cert.CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
                throws java.security.cert.CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket socket)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("client side only");
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    static PrivateKey pkcs8(String pem) throws GeneralSecurityException {
        String begin = "-----BEGIN PRIVATE KEY-----";
        int a = pem.indexOf(begin);
        int b = pem.indexOf("-----END PRIVATE KEY-----");
        if (a < 0 || b < a) {
            throw new GeneralSecurityException("the key is not PEM PKCS#8 (BEGIN PRIVATE KEY); convert it with"
                    + " openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(a + begin.length(), b));
        for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("the PKCS#8 key is neither EC, RSA nor Ed25519");
    }

    @Override
    public JsonNode get(String path) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json")
                .GET().build();
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            return LxdJson.metadata(LxdJson.parse(r.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public EventStream events(EventListener listener) throws IOException {
        String wsBase = base.toString().replaceFirst("^https", "wss");
        StringBuilder text = new StringBuilder();
        WebSocket.Listener l = new WebSocket.Listener() {
            private boolean done;

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    JsonNode ev;
                    try {
                        ev = LxdJson.parse(text.toString().getBytes(StandardCharsets.UTF_8));
                    } catch (LxdJson.LxdGarbageException e) {
                        ev = null;
                    }
                    text.setLength(0);
                    listener.event(ev);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                end(null);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                end(error instanceof Exception e ? e : new IOException(error));
            }

            private synchronized void end(Exception e) {
                if (!done) {
                    done = true;
                    listener.closed(e);
                }
            }
        };
        try {
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(timeout)
                    .buildAsync(URI.create(wsBase + EVENTS_PATH), l)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return () -> ws.abort();
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot subscribe to LXD events at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
