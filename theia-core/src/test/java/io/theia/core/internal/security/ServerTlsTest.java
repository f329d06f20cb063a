package io.theia.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.theia.core.internal.config.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {

    @TempDir
    Path dir;

    @Test
    void offersOnlyTls12And13AndAes128GcmFirst() throws Exception {
        TestCertificates.Pair pair = TestCertificates.ca(dir, "CA").server("server");
        try (ServerTls tls = ServerTls.start(new TlsConfig(pair.certificate(), pair.key(), null, Duration.ofHours(1)))) {
            tls.factory().start();
            try {
                assertThat(tls.factory().getSelectedProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
                assertThat(tls.factory().getSelectedCipherSuites()[0]).contains("AES_128_GCM");
                assertThat(tls.factory().getNeedClientAuth()).isFalse();
            } finally {
                tls.factory().stop();
            }
        }
    }
}
