package io.theia.core.internal.security;

/**
 * What {@link CryptoProviders#use} achieved.
 *
 * @param requested the provider asked for
 * @param cipherProvider the name of the JCE provider the JDK's TLS now takes AES-GCM from (the first one offering
 *     {@code AES/GCM/NoPadding}, as SunJSSE asks for it without naming a provider)
 * @param problem why {@link TlsProvider#ACCP} could not be installed (its native library does not load on this
 *     platform, say), so the JDK's ciphers serve instead; null when nothing went wrong
 */
public record TlsCrypto(TlsProvider requested, String cipherProvider, String problem) {

    /** Whether the requested provider could not be used and the JDK's ciphers serve instead. */
    public boolean fellBack() {
        return problem != null;
    }

    /** The provider in effect for AES-GCM: {@link TlsProvider#ACCP} when its ciphers serve, else the JDK. */
    public TlsProvider effective() {
        return CryptoProviders.ACCP_NAME.equals(cipherProvider) ? TlsProvider.ACCP : TlsProvider.JDK;
    }
}
