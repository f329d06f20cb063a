package io.theia.core.internal.security;

import io.theia.core.internal.config.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's TLS: Jetty's {@link SslContextFactory.Server} (the JDK's TLS) over the PEM files of
 * {@link TlsConfig}, TLS 1.2 and 1.3 only, with client certificates required when a client CA bundle is given.
 *
 * <p>The files are checked every {@code reloadInterval}; when their contents changed and they read as a valid key
 * and certificate, the factory is {@linkplain SslContextFactory#reload reloaded}: new connections get the new
 * certificate, open ones keep theirs. Files that do not read (a rotation half written, a key that does not fit the
 * certificate) are logged once and the old certificate stays until they do. Thread-safe; {@link #close} stops the
 * checks.
 *
 * <p>The ciphers come from {@link TlsConfig#provider} ({@link CryptoProviders}): ACCP's AES-GCM by default, the JDK's
 * when ACCP cannot load.
 */
public final class ServerTls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final TlsConfig config;
    private final SslContextFactory.Server factory;
    private final ScheduledExecutorService checks;
    private final TlsCrypto crypto;
    private byte[] loaded;
    private byte[] failed;

    private ServerTls(TlsConfig config) {
        this.config = config;
        this.crypto = CryptoProviders.use(config.provider());
        this.factory = new SslContextFactory.Server();
        factory.setIncludeProtocols(PROTOCOLS);
        // Every suite the JDK enables stays enabled; AES-128-GCM is preferred (the server's order decides), the
        // cheapest strong suite with AES instructions: it is what the ingest path spends its TLS time on.
        factory.setCipherComparator(Comparator.comparingInt(ServerTls::preference));
        factory.setUseCipherSuitesOrder(true);
        apply(factory, load());
        if (config.mutual()) {
            factory.setNeedClientAuth(true);
        }
        this.loaded = fingerprint();
        this.checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "theia-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.reloadInterval().toMillis();
        checks.scheduleWithFixedDelay(this::reloadIfChanged, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the PEM files and starts checking them for changes.
     *
     * @throws TlsException when the files cannot be read or do not fit together
     */
    public static ServerTls start(TlsConfig config) {
        return new ServerTls(config);
    }

    /** The factory for the server's connector. */
    public SslContextFactory.Server factory() {
        return factory;
    }

    /** Where the ciphers come from: the provider asked for and the one in effect. */
    public TlsCrypto crypto() {
        return crypto;
    }

    /** Checks the files now and reloads when they changed; what the scheduled check does. */
    public synchronized void reloadIfChanged() {
        byte[] now = fingerprint();
        if (now == null || Arrays.equals(now, loaded) || Arrays.equals(now, failed)) {
            return;
        }
        Material material;
        try {
            material = load();
        } catch (RuntimeException e) {
            failed = now;
            LOG.warn("TLS files changed but cannot be used, keeping the current certificate: {}", e.getMessage());
            return;
        }
        try {
            factory.reload(reloading -> apply((SslContextFactory.Server) reloading, material));
            loaded = now;
            failed = null;
            LOG.info("TLS certificate reloaded from {}", config.certificate());
        } catch (Exception e) {
            failed = now;
            LOG.warn("Reloading the TLS certificate from {} failed, keeping the current one: {}",
                    config.certificate(), e.toString());
        }
    }

    /** Lower first: AES-128-GCM, then AES-256-GCM, then the rest in the JDK's order. */
    static int preference(String suite) {
        return suite.contains("AES_128_GCM") ? 0 : suite.contains("AES_256_GCM") ? 1 : 2;
    }

    private Material load() {
        KeyStore keys = PemFiles.keyStore(config.certificate(), config.key());
        KeyStore trusted = config.mutual() ? PemFiles.trustStore(config.clientCa()) : null;
        return new Material(keys, trusted);
    }

    private static void apply(SslContextFactory.Server factory, Material material) {
        factory.setKeyStore(material.keys());
        factory.setKeyStorePassword(PemFiles.STORE_PASSWORD);
        if (material.trusted() != null) {
            factory.setTrustStore(material.trusted());
        }
    }

    /** A digest of the files' contents, or null when one cannot be read right now. */
    private byte[] fingerprint() {
        List<Path> files = new ArrayList<>(List.of(config.certificate(), config.key()));
        if (config.mutual()) {
            files.add(config.clientCa());
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            return digest.digest();
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }

    private record Material(KeyStore keys, KeyStore trusted) {
    }
}
