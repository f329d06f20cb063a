package io.theia.core.internal.config;

import io.theia.core.internal.security.TlsProvider;
import java.nio.file.Path;

/**
 * The {@code forward.tls} section: how an agent speaks TLS to its collector ({@code docs/security.md}).
 *
 * @param enabled whether to connect with {@code wss://} (default false; true when any other setting here is given)
 * @param caBundle PEM certificates of the CAs to trust; default: the JDK's trusted CAs
 * @param certificate the agent's PEM certificate chain, for a collector that requires client certificates
 * @param key the PEM private key of {@code certificate}
 * @param insecure accept any certificate of the collector (expired, another host's, unknown CA): for tests only
 * @param provider where the ciphers come from (default {@link TlsProvider#ACCP}, the JDK's when it cannot load);
 *     does not turn TLS on by itself
 */
public record ForwardTlsConfig(Boolean enabled, Path caBundle, Path certificate, Path key, Boolean insecure,
        TlsProvider provider) {

    /** Applies defaults and checks that certificate and key come together. */
    public ForwardTlsConfig {
        insecure = insecure != null && insecure;
        provider = provider == null ? TlsProvider.ACCP : provider;
        enabled = enabled != null ? enabled : caBundle != null || certificate != null || insecure;
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("forward.tls.certificate and forward.tls.key must be given together");
        }
    }

    /** These settings, the provider at its default. */
    public ForwardTlsConfig(Boolean enabled, Path caBundle, Path certificate, Path key, Boolean insecure) {
        this(enabled, caBundle, certificate, key, insecure, null);
    }
}
