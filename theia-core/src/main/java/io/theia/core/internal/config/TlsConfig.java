package io.theia.core.internal.config;

import io.theia.api.plugin.InvalidSettingsException;
import io.theia.core.internal.security.TlsProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code security.tls} section: TLS for everything the collector serves on its port (see
 * {@code docs/security.md}). Off unless {@code certificate} is given.
 *
 * @param certificate the PEM certificate chain, the server's certificate first
 * @param key the PEM private key of that certificate (PKCS#8, or the older PKCS#1 RSA / SEC1 EC forms; RSA or EC)
 * @param clientCa a PEM bundle of CA certificates; when given, every client must present a certificate signed by one
 *     of them (mutual TLS)
 * @param reloadInterval how often the files are checked for changes (default 30s); changed files are loaded for new
 *     connections without a restart, so certificates can be rotated (by certbot, say) in place
 * @param provider where the ciphers come from (default {@link TlsProvider#ACCP}, the JDK's when it cannot load)
 */
public record TlsConfig(Path certificate, Path key, Path clientCa, Duration reloadInterval, TlsProvider provider) {

    /** Applies defaults and checks that certificate and key come together. */
    public TlsConfig {
        List<InvalidSettingsException.Problem> problems = new ArrayList<>();
        reloadInterval = reloadInterval == null ? Duration.ofSeconds(30) : reloadInterval;
        provider = provider == null ? TlsProvider.ACCP : provider;
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            problems.add(new InvalidSettingsException.Problem("reloadInterval", "must be positive, not "
                    + reloadInterval));
        }
        if (certificate != null && key == null) {
            problems.add(new InvalidSettingsException.Problem("key", "must be given with certificate"));
        }
        if (certificate == null && key != null) {
            problems.add(new InvalidSettingsException.Problem("certificate", "must be given with key"));
        }
        if (certificate == null && clientCa != null) {
            problems.add(new InvalidSettingsException.Problem("clientCa", "needs TLS: give certificate and key"));
        }
        InvalidSettingsException.throwIfAny(problems);
    }

    /** The PEM files, the other settings at their defaults. */
    public TlsConfig(Path certificate, Path key, Path clientCa, Duration reloadInterval) {
        this(certificate, key, clientCa, reloadInterval, null);
    }

    /** No TLS. */
    public static TlsConfig none() {
        return new TlsConfig(null, null, null, null, null);
    }

    /** Whether the collector serves TLS. */
    public boolean enabled() {
        return certificate != null;
    }

    /** Whether clients must present a certificate (mutual TLS). */
    public boolean mutual() {
        return clientCa != null;
    }
}
