package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.api.testkit.TestEvents;
import io.theia.core.internal.client.ClientSecurity;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.CollectorException;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.PushOptions;
import io.theia.core.internal.config.SecurityConfig;
import io.theia.core.internal.config.ServerConfig;
import io.theia.core.internal.config.TlsConfig;
import io.theia.core.internal.security.TestCertificates;
import io.theia.core.internal.security.TlsProvider;
import io.theia.core.internal.security.TestCertificates.Algorithm;
import io.theia.core.internal.security.TestCertificates.Pair;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.Cipher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS on the collector's port, with our client: handshakes, refusals of bad certificates, rotation, mutual TLS. */
class TlsTest {

    @TempDir
    Path dir;

    @Test
    void ourClientPushesAndFindsOverTlsWithAnRsaAndAnEcCertificate() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        Pair rsa = ca.server("rsa-server");
        Pair ec = ca.issue("ec-server", Algorithm.EC, Instant.now().minusSeconds(60), Duration.ofDays(1), true,
                "127.0.0.1", "localhost");
        for (Pair pair : List.of(rsa, ec)) {
            try (TestServer server = tlsServer(pair, null, trusting(ca))) {
                assertThat(server.server.uri().getScheme()).isEqualTo("wss");

                pushAndFind(server.client(), "over-tls-" + pair.serial());

                assertThat(EventEndpointTest.ids(server)).containsExactly("over-tls-" + pair.serial());
                assertThat(servedSerial(server.server.port(), ca)).isEqualTo(pair.serial());
            }
        }
    }

    @Test
    void theServerSpeaksOnlyTls12AndUpAndPrefersAes128Gcm() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        try (TestServer server = tlsServer(ca.server("server"), null, trusting(ca))) {
            javax.net.ssl.SSLSession session = handshake(server.server.port(), ca, null);
            assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
            assertThat(session.getCipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
            assertThat(handshake(server.server.port(), ca, "TLSv1.2").getCipherSuite()).contains("AES_128_GCM");
        }
    }

    @Test
    void withAccpBothEndsTakeAesGcmFromItAndHealthSaysSo() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        Pair ec = ca.issue("ec-server", Algorithm.EC, Instant.now().minusSeconds(60), Duration.ofDays(1), true,
                "127.0.0.1", "localhost");
        for (Pair pair : List.of(ca.server("rsa-server"), ec)) {
            try (TestServer server = new TestServer(new InMemoryEventStore(), TestServer.config(null, null, null, null),
                    new SecurityConfig(new TlsConfig(pair.certificate(), pair.key(), null, null, TlsProvider.ACCP),
                            null, null, null), trusting(ca).withProvider(TlsProvider.ACCP))) {
                pushAndFind(server.client(), "accp-" + pair.serial());

                // SunJSSE takes its record cipher from the first provider offering it, without naming one
                assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName())
                        .isEqualTo("AmazonCorrettoCryptoProvider");
                assertThat(handshake(server.server.port(), ca, null).getCipherSuite())
                        .isEqualTo("TLS_AES_128_GCM_SHA256");
                assertThat(health(server.server.port(), ca)).contains("\"tls\":true,\"tlsProvider\":\"accp\"");
            }
        }
    }

    /** The body of {@code GET /health} over TLS. */
    private static String health(int port, TestCertificates ca) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(io.theia.core.internal.security.PemFiles.trustStore(ca.caFile()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static javax.net.ssl.SSLSession handshake(int port, TestCertificates ca, String protocol)
            throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(io.theia.core.internal.security.PemFiles.trustStore(ca.caFile()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            if (protocol != null) {
                socket.setEnabledProtocols(new String[] {protocol});
            }
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            return socket.getSession();
        }
    }

    @Test
    void aPlainWebSocketClientAgainstTheTlsPortFailsCleanlyAndQuickly() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        try (TestServer server = tlsServer(ca.server("server"), null, trusting(ca));
                CollectorClient plain = new CollectorClient(URI.create("ws://127.0.0.1:" + server.server.port()),
                        Duration.ofSeconds(30))) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> plain.pusher(PushOptions.defaults(true)))
                    .isInstanceOf(CollectorException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("failed, not timed out")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(EventEndpointTest.ids(server)).isEmpty();
            // and the server still serves TLS clients
            pushAndFind(server.client(), "after-plain");
        }
    }

    @Test
    void anExpiredCertificateIsRefusedUnlessTheClientIsToldToTrustAny() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        Pair expired = ca.issue("expired", Algorithm.RSA, Instant.now().minus(Duration.ofDays(3)), Duration.ofDays(1),
                true, "127.0.0.1", "localhost");
        assertRefusedUnlessTrustingAny(ca, expired);
    }

    @Test
    void aCertificateForAnotherHostIsRefusedUnlessTheClientIsToldToTrustAny() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        Pair elsewhere = ca.issue("elsewhere", Algorithm.RSA, Instant.now().minusSeconds(60), Duration.ofDays(1), true,
                "collector.example", "10.9.8.7");
        assertRefusedUnlessTrustingAny(ca, elsewhere);
    }

    @Test
    void aCertificateFromAnUnknownCaIsRefused() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir.resolve("a"), "Test CA");
        TestCertificates other = TestCertificates.ca(dir.resolve("b"), "Other CA");
        try (TestServer server = tlsServer(ca.server("server"), null, trusting(other))) {
            assertThatThrownBy(() -> server.client().pusher(PushOptions.defaults(true)))
                    .isInstanceOf(CollectorException.class);
        }
    }

    @Test
    void aRotatedCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        Pair first = ca.server("server");
        Pair second = ca.server("server-next");
        try (TestServer server = tlsServer(first, null, trusting(ca))) {
            assertThat(servedSerial(server.server.port(), ca)).isEqualTo(first.serial());

            TestCertificates.replace(first, second);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> servedSerial(server.server.port(), ca).equals(second.serial()));
            pushAndFind(server.client(), "after-rotation");
        }
    }

    @Test
    void aHalfWrittenRotationKeepsTheOldCertificate() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        Pair first = ca.server("server");
        Pair ecNext = ca.issue("ec-next", Algorithm.EC, Instant.now().minusSeconds(60), Duration.ofDays(1), true,
                "127.0.0.1");
        try (TestServer server = tlsServer(first, null, trusting(ca))) {
            // the certificate changed, the key not yet: they do not fit
            java.nio.file.Files.copy(ecNext.certificate(), first.certificate(),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                    .until(() -> servedSerial(server.server.port(), ca).equals(first.serial()));
            pushAndFind(server.client(), "still-served");
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificateAndServesOneWithIt() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        Pair agent = ca.issue("agent", Algorithm.EC, Instant.now().minusSeconds(60), Duration.ofDays(1), false);
        try (TestServer server = tlsServer(ca.server("server"), ca.caFile(), trusting(ca));
                CollectorClient withCertificate = new CollectorClient(server.server.uri(), Duration.ofSeconds(10),
                        new ClientSecurity(ca.caFile(), agent.certificate(), agent.key(), null, false))) {
            assertThatThrownBy(() -> server.client().pusher(PushOptions.defaults(true)))
                    .isInstanceOf(CollectorException.class);

            pushAndFind(withCertificate, "mutual");

            assertThat(EventEndpointTest.ids(server)).containsExactly("mutual");
        }
    }

    @Test
    void onTheTlsPortTooManyConnectionsFromOneAddressAreRefusedWhileAnotherAddressIsServed() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        Pair pair = ca.server("server");
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, null, null, true, null, null, null, null, null,
                2, null, null);
        List<java.net.Socket> sockets = new java.util.ArrayList<>();
        try (TestServer server = new TestServer(new InMemoryEventStore(), config, new SecurityConfig(
                new TlsConfig(pair.certificate(), pair.key(), null, null), null, null, null), trusting(ca))) {
            for (int i = 0; i < 3; i++) {
                sockets.add(LimitsTest.socketFrom("127.0.0.2", server.server.port()));
            }

            await().untilAsserted(() -> assertThat(server.metrics.scrape())
                    .contains("theia_address_connections_refused_total 1.0"));
            assertThat(servedSerialFrom("127.0.0.3", server.server.port(), ca)).isEqualTo(pair.serial());
            pushAndFind(server.client(), "other-address");
        } finally {
            for (java.net.Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private void assertRefusedUnlessTrustingAny(TestCertificates ca, Pair certificate) throws Exception {
        try (TestServer server = tlsServer(certificate, null, trusting(ca));
                CollectorClient trustingAny = new CollectorClient(server.server.uri(), Duration.ofSeconds(10),
                        new ClientSecurity(null, null, null, null, true))) {
            assertThatThrownBy(() -> server.client().pusher(PushOptions.defaults(true)))
                    .isInstanceOf(CollectorException.class)
                    .hasMessageContaining(server.server.uri().getHost());
            assertThat(EventEndpointTest.ids(server)).isEmpty();

            pushAndFind(trustingAny, "trusted-anyway");
        }
    }

    static ClientSecurity trusting(TestCertificates ca) {
        return new ClientSecurity(ca.caFile(), null, null, null, false);
    }

    static TestServer tlsServer(Pair pair, Path clientCa, ClientSecurity client) {
        return new TestServer(new InMemoryEventStore(), TestServer.config(null, null, null, null),
                new SecurityConfig(new TlsConfig(pair.certificate(), pair.key(), clientCa, Duration.ofMillis(100)),
                        null, null, null), client);
    }

    static void pushAndFind(CollectorClient client, String id) throws Exception {
        try (EventPusher pusher = client.pusher(PushOptions.defaults(true))) {
            pusher.push(List.of(TestEvents.event(id, 1, "over TLS"))).get();
        }
        List<Event> found = client.findAll(EventQuery.builder().id("^" + id + "$").build());
        assertThat(found).extracting(Event::id).containsExactly(id);
    }

    /** The serial number of the certificate a new TLS connection to {@code port} is served. */
    static BigInteger servedSerial(int port, TestCertificates ca) throws Exception {
        return servedSerialFrom("127.0.0.1", port, ca);
    }

    /** As {@link #servedSerial}, connecting from the loopback address {@code from}. */
    static BigInteger servedSerialFrom(String from, int port, TestCertificates ca) throws Exception {
        KeyStore trusted = io.theia.core.internal.security.PemFiles.trustStore(ca.caFile());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port,
                java.net.InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
