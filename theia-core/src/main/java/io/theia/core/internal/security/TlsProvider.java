package io.theia.core.internal.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where the ciphers of theia's TLS come from ({@code security.tls.provider}, {@code forward.tls.provider},
 * {@code --tls-provider}; {@code docs/security.md}). The TLS protocol itself is always the JDK's (SunJSSE).
 */
public enum TlsProvider {

    /** The JDK's own ciphers (SunJCE): nothing is added to the JVM. */
    JDK,

    /**
     * Amazon Corretto Crypto Provider: AES-GCM, HMAC and the other SunJCE algorithms from AWS-LC (native code),
     * installed for the whole JVM just ahead of SunJCE; the JDK's ciphers when it cannot load on this platform.
     */
    ACCP;

    /**
     * The provider named {@code name}, in any case.
     *
     * @throws IllegalArgumentException for another name
     */
    @JsonCreator
    public static TlsProvider of(String name) {
        for (TlsProvider provider : values()) {
            if (provider.toString().equalsIgnoreCase(name.strip())) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown TLS provider '" + name + "': jdk or accp");
    }

    /** The name in settings: {@code jdk} or {@code accp}. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
