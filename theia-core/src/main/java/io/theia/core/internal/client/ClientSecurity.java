package io.theia.core.internal.client;

import io.theia.core.internal.security.CryptoProviders;
import io.theia.core.internal.security.PemFiles;
import io.theia.core.internal.security.TlsProvider;
import java.nio.file.Path;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * How a {@link CollectorClient} proves itself and checks the collector on {@code wss://} ({@code docs/security.md}).
 *
 * @param caBundle PEM certificates of the CAs to trust for the collector's certificate; null: the JDK's trusted CAs
 * @param certificate the client's PEM certificate chain, for collectors that require client certificates (mutual
 *     TLS); null: none
 * @param key the PEM private key of {@code certificate}
 * @param token the bearer token sent with every connection ({@code Authorization: Bearer …}); null: none
 * @param trustAnyCertificate accept any certificate of the collector, expired, for another host or from an unknown
 *     CA: encrypts but does not authenticate the collector, for tests and first steps only
 * @param provider where the ciphers of {@code wss://} connections come from; null: {@link TlsProvider#JDK}, so that
 *     code embedding the client leaves its JVM's security providers alone unless it asks for
 *     {@link TlsProvider#ACCP} (which theia's own commands and agents do by default)
 */
public record ClientSecurity(Path caBundle, Path certificate, Path key, String token, boolean trustAnyCertificate,
        TlsProvider provider) {

    /** No token, the JDK's trusted CAs, no client certificate. */
    public static final ClientSecurity NONE = new ClientSecurity(null, null, null, null, false);

    /** Checks that certificate and key come together. */
    public ClientSecurity {
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
        }
        token = token == null || token.isBlank() ? null : token.strip();
        provider = provider == null ? TlsProvider.JDK : provider;
    }

    /** These options with the JDK's ciphers. */
    public ClientSecurity(Path caBundle, Path certificate, Path key, String token, boolean trustAnyCertificate) {
        this(caBundle, certificate, key, token, trustAnyCertificate, null);
    }

    /** Only a token. */
    public static ClientSecurity token(String token) {
        return new ClientSecurity(null, null, null, token, false);
    }

    /** These options with the ciphers from {@code provider}. */
    public ClientSecurity withProvider(TlsProvider provider) {
        return new ClientSecurity(caBundle, certificate, key, token, trustAnyCertificate, provider);
    }

    /** Installs {@link #provider} for this JVM ({@link CryptoProviders#use}); before a {@code wss://} connection. */
    void installProvider() {
        CryptoProviders.use(provider);
    }

    /** Hides the token. */
    @Override
    public String toString() {
        return "ClientSecurity[caBundle=" + caBundle + ", certificate=" + certificate + ", key=" + key + ", token="
                + (token == null ? "none" : "(set)") + ", trustAnyCertificate=" + trustAnyCertificate + ", provider="
                + provider + "]";
    }

    /**
     * Jetty's TLS settings for these options: TLS 1.2+, the host name checked against the certificate unless
     * {@code trustAnyCertificate}.
     *
     * @throws io.theia.core.internal.security.TlsException when a PEM file cannot be read
     */
    SslContextFactory.Client sslContextFactory() {
        SslContextFactory.Client factory = new SslContextFactory.Client();
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        if (trustAnyCertificate) {
            factory.setTrustAll(true);
            factory.setEndpointIdentificationAlgorithm(null);
        } else {
            factory.setEndpointIdentificationAlgorithm("HTTPS");
            if (caBundle != null) {
                factory.setTrustStore(PemFiles.trustStore(caBundle));
            }
        }
        if (certificate != null) {
            factory.setKeyStore(PemFiles.keyStore(certificate, key));
            factory.setKeyStorePassword(PemFiles.STORE_PASSWORD);
        }
        return factory;
    }
}
