package io.theia.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

class CryptoProvidersTest {

    @Test
    void accpIsInstalledOnceJustAheadOfSunJceAndServesAesGcm() throws Exception {
        TlsCrypto first = CryptoProviders.use(TlsProvider.ACCP);
        TlsCrypto again = CryptoProviders.use(TlsProvider.ACCP);

        assertThat(first.fellBack()).as(String.valueOf(first.problem())).isFalse();
        assertThat(first.effective()).isEqualTo(TlsProvider.ACCP);
        assertThat(again).isEqualTo(first);
        List<String> installed = CryptoProviders.installed();
        assertThat(installed).containsOnlyOnce(CryptoProviders.ACCP_NAME);
        assertThat(installed.indexOf(CryptoProviders.ACCP_NAME)).isEqualTo(installed.indexOf("SunJCE") - 1);
        assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName())
                .isEqualTo(CryptoProviders.ACCP_NAME);
        // what the providers ahead of it offer stays theirs
        assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isEqualTo("SUN");
        assertThat(KeyFactory.getInstance("RSA").getProvider().getName()).isEqualTo("SunRsaSign");
        assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName()).isEqualTo("SunEC");
    }

    @Test
    void whenAccpCannotLoadTheJdkCiphersServeAndOneWarningSaysWhy() {
        List<String> warnings = new ArrayList<>();
        List<String> before = CryptoProviders.installed();
        CryptoProviders providers = new CryptoProviders(() -> {
            throw new UnsatisfiedLinkError("no amazonCorrettoCryptoProvider in java.library.path");
        }, warnings::add);

        TlsCrypto crypto = providers.select(TlsProvider.ACCP);
        TlsCrypto again = providers.select(TlsProvider.ACCP);

        assertThat(crypto.fellBack()).isTrue();
        assertThat(crypto.problem()).contains("UnsatisfiedLinkError");
        assertThat(again.problem()).isEqualTo(crypto.problem());
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("accp").contains("UnsatisfiedLinkError");
        assertThat(CryptoProviders.installed()).isEqualTo(before);
    }

    @Test
    void jdkLoadsNothing() {
        List<String> before = CryptoProviders.installed();
        CryptoProviders providers = new CryptoProviders(() -> {
            throw new AssertionError("jdk must not load ACCP");
        }, warning -> {
            throw new AssertionError("no warning expected: " + warning);
        });

        TlsCrypto crypto = providers.select(TlsProvider.JDK);

        assertThat(crypto.fellBack()).isFalse();
        assertThat(crypto.requested()).isEqualTo(TlsProvider.JDK);
        assertThat(CryptoProviders.installed()).isEqualTo(before);
    }

    @Test
    void providerNamesReadInAnyCase() {
        assertThat(TlsProvider.of(" ACCP ")).isEqualTo(TlsProvider.ACCP);
        assertThat(TlsProvider.of("jdk")).isEqualTo(TlsProvider.JDK);
        assertThat(TlsProvider.ACCP).hasToString("accp");
        assertThatThrownBy(() -> TlsProvider.of("conscrypt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdk or accp");
    }
}
