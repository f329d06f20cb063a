package io.theia.core.internal.security;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the JCE provider that a {@link TlsProvider} names, once per JVM.
 *
 * <p>The JDK's TLS (SunJSSE) takes its ciphers from the first JCE provider offering them; it cannot be given one per
 * connection. {@link TlsProvider#ACCP} is therefore inserted into the JVM's provider list <em>just ahead of
 * SunJCE</em>: it serves what SunJCE would (AES-GCM and the other ciphers, HMAC, key derivation) while SUN,
 * SunRsaSign and SunEC, ahead of it, keep serving digests, random numbers, signatures, key factories and key
 * agreement. Once installed it stays for the life of the JVM, for everything in it: a later {@link TlsProvider#JDK}
 * does not remove it. When ACCP cannot load (its jar is missing, or its native library does not load on this
 * platform: it is built for Linux x86-64 here) a warning is logged once and the JDK's ciphers serve. Thread-safe.
 */
public final class CryptoProviders {

    /** The name ACCP registers under. */
    static final String ACCP_NAME = "AmazonCorrettoCryptoProvider";
    private static final String GCM = "AES/GCM/NoPadding";
    private static final Logger LOG = LoggerFactory.getLogger(CryptoProviders.class);
    private static final CryptoProviders SHARED = new CryptoProviders(() -> Accp.load(), LOG::warn);

    /** Loads a provider that is ready to use, or throws saying why it is not. */
    @FunctionalInterface
    interface Loader {
        Provider load() throws Exception;
    }

    private final Loader accp;
    private final Consumer<String> warnings;
    private String accpProblem;

    CryptoProviders(Loader accp, Consumer<String> warnings) {
        this.accp = accp;
        this.warnings = warnings;
    }

    /**
     * Makes {@code wanted} serve this JVM's TLS, as far as it can: see the class.
     *
     * @return what was achieved, including why ACCP fell back to the JDK's ciphers
     */
    public static TlsCrypto use(TlsProvider wanted) {
        return SHARED.select(wanted);
    }

    /** The provider whose AES-GCM the JDK's TLS takes now, whatever was asked for. */
    public static TlsProvider current() {
        return ACCP_NAME.equals(gcmProvider()) ? TlsProvider.ACCP : TlsProvider.JDK;
    }

    synchronized TlsCrypto select(TlsProvider wanted) {
        String problem = wanted == TlsProvider.ACCP ? installAccp() : null;
        return new TlsCrypto(wanted, gcmProvider(), problem);
    }

    /** Installs ACCP unless it is already; the problem when it cannot be. */
    private String installAccp() {
        if (accpProblem != null) {
            return accpProblem;
        }
        Provider provider;
        try {
            provider = accp.load();
        } catch (Exception | LinkageError e) {
            accpProblem = e.toString();
            warnings.accept("TLS provider accp cannot be used on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " (" + accpProblem + "); TLS uses the JDK's ciphers, "
                    + "which cost more CPU on Java 17 (docs/security.md)");
            return accpProblem;
        }
        if (Security.getProvider(provider.getName()) == null) {
            Provider[] installed = Security.getProviders();
            int position = 1;
            for (int i = 0; i < installed.length; i++) {
                if ("SunJCE".equals(installed[i].getName())) {
                    position = i + 1;
                }
            }
            Security.insertProviderAt(provider, position);
            LOG.info("TLS ciphers from {} {} at position {} of the JVM's security providers (ahead of {})",
                    provider.getName(), provider.getVersionStr(), position, installed[position - 1].getName());
        }
        return null;
    }

    /** ACCP's classes, touched only here: a JVM without its jar fails in {@link #load}, not before. */
    private static final class Accp {

        /** ACCP, healthy, or why not. */
        static Provider load() {
            com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider provider =
                    com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
            provider.assertHealthy();
            return provider;
        }
    }

    /** The provider the JDK's TLS takes AES-GCM from. */
    private static String gcmProvider() {
        try {
            return Cipher.getInstance(GCM).getProvider().getName();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no provider offers " + GCM, e);
        }
    }

    /** The names of the JVM's providers, in order; for tests and diagnostics. */
    static List<String> installed() {
        return List.of(Security.getProviders()).stream().map(Provider::getName).toList();
    }
}
