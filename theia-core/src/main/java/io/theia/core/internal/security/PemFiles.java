package io.theia.core.internal.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM certificates and private keys as TLS needs them, read with the JDK (certificates) and BouncyCastle's PEM
 * parser (keys: PKCS#8 {@code BEGIN PRIVATE KEY}, PKCS#1 {@code BEGIN RSA PRIVATE KEY}, SEC1
 * {@code BEGIN EC PRIVATE KEY}; RSA and EC), turned into in-memory key stores. Stateless.
 */
public final class PemFiles {

    /** The password of the in-memory key stores; they are never written anywhere. */
    public static final String STORE_PASSWORD = "theia";

    private PemFiles() {
    }

    /**
     * Every certificate in a PEM file, in file order.
     *
     * @throws TlsException naming the file when it cannot be read or holds no certificate
     */
    public static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("cannot read the certificates of " + file + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new TlsException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)", null);
        }
        return certificates;
    }

    /**
     * The private key in a PEM file.
     *
     * @throws TlsException naming the file when it cannot be read or holds no unencrypted private key
     */
    public static PrivateKey privateKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsException("cannot read the private key of " + file + ": " + e.getMessage(), e);
        }
        throw new TlsException(file + " holds no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----, "
                + "RSA PRIVATE KEY or EC PRIVATE KEY)", null);
    }

    /**
     * A key store with one entry: the key and its certificate chain.
     *
     * @throws TlsException when the files cannot be read, or the key does not belong to the first certificate
     */
    public static KeyStore keyStore(Path certificateChain, Path key) {
        List<X509Certificate> chain = certificates(certificateChain);
        PrivateKey privateKey = privateKey(key);
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(privateKey.getAlgorithm())) {
            throw new TlsException("the key " + key + " (" + privateKey.getAlgorithm() + ") does not belong to the "
                    + "certificate " + certificateChain + " (" + chain.get(0).getPublicKey().getAlgorithm() + ")",
                    null);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("theia", privateKey, STORE_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("cannot use the key " + key + " with the certificate " + certificateChain + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A trust store of every certificate in a PEM bundle.
     *
     * @throws TlsException when the bundle cannot be read or holds no certificate
     */
    public static KeyStore trustStore(Path bundle) {
        List<X509Certificate> certificates = certificates(bundle);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("cannot use the CA bundle " + bundle + ": " + e.getMessage(), e);
        }
    }
}
