package io.theia.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class PemFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestCertificates.Algorithm.class)
    void readsPkcs8AndTheTraditionalKeyFormsOfRsaAndEc(TestCertificates.Algorithm algorithm) throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "CA");
        TestCertificates.Pair pair = ca.issue("s", algorithm, Instant.now(), Duration.ofDays(1), true, "localhost");
        PrivateKey pkcs8 = PemFiles.privateKey(pair.key());
        assertThat(Files.readString(pair.key())).startsWith("-----BEGIN PRIVATE KEY-----");
        Path traditional = dir.resolve("traditional.pem");
        // openssl, as users' tools write them (BouncyCastle's writer drops the curve of a JDK EC key)
        Process openssl = new ProcessBuilder("openssl", "pkey", "-in", pair.key().toString(), "-traditional",
                "-out", traditional.toString()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor()).as("openssl pkey -traditional: " + output).isZero();

        assertThat(Files.readString(traditional)).startsWith("-----BEGIN " + algorithm.name() + " PRIVATE KEY-----");
        PrivateKey read = PemFiles.privateKey(traditional);
        assertThat(read.getAlgorithm()).isEqualTo(pkcs8.getAlgorithm());
        if (read instanceof java.security.interfaces.ECPrivateKey ec) {
            assertThat(ec.getS()).isEqualTo(((java.security.interfaces.ECPrivateKey) pkcs8).getS());
        } else {
            assertThat(((java.security.interfaces.RSAPrivateKey) read).getPrivateExponent())
                    .isEqualTo(((java.security.interfaces.RSAPrivateKey) pkcs8).getPrivateExponent());
        }
        KeyStore store = PemFiles.keyStore(pair.certificate(), traditional);
        assertThat(store.getCertificateChain("theia")).hasSize(1);
    }

    @Test
    void namesTheFileWhenItHoldsNoKeyOrNoCertificateOrTheyDoNotFit() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "CA");
        TestCertificates.Pair rsa = ca.server("rsa");
        TestCertificates.Pair ec = ca.issue("ec", TestCertificates.Algorithm.EC, Instant.now(), Duration.ofDays(1),
                true);

        assertThatThrownBy(() -> PemFiles.privateKey(rsa.certificate())).isInstanceOf(TlsException.class)
                .hasMessageContaining(rsa.certificate().toString());
        assertThatThrownBy(() -> PemFiles.certificates(rsa.key())).isInstanceOf(TlsException.class)
                .hasMessageContaining(rsa.key().toString());
        assertThatThrownBy(() -> PemFiles.keyStore(rsa.certificate(), ec.key())).isInstanceOf(TlsException.class)
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> PemFiles.certificates(dir.resolve("missing.pem"))).isInstanceOf(TlsException.class)
                .hasMessageContaining("missing.pem");
    }
}
