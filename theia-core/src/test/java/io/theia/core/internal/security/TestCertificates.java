package io.theia.core.internal.security;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made fresh for a test (never committed: they would expire): a CA, and server or client certificates
 * it signs, written as PEM files (keys as PKCS#8) into a directory. RSA or EC keys.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path directory;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(Path directory, KeyPair caKeys, X509Certificate ca) {
        this.directory = directory;
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** The key algorithm of a certificate. */
    public enum Algorithm { RSA, EC }

    /** A PEM certificate file and its PEM key file, and the certificate's serial number. */
    public record Pair(Path certificate, Path key, BigInteger serial) {
    }

    /** A new CA ({@code ca.pem}) in {@code directory}. */
    public static TestCertificates ca(Path directory, String name) throws Exception {
        Files.createDirectories(directory);
        KeyPair keys = keys(Algorithm.EC);
        X500Principal subject = new X500Principal("CN=" + name);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate certificate = sign(builder, keys.getPrivate());
        TestCertificates cas = new TestCertificates(directory, keys, certificate);
        write(cas.caFile(), certificate);
        return cas;
    }

    /** The CA's PEM file. */
    public Path caFile() {
        return directory.resolve("ca.pem");
    }

    /** A server certificate for 127.0.0.1 and localhost, valid from an hour ago for a day, RSA. */
    public Pair server(String name) throws Exception {
        return issue(name, Algorithm.RSA, Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(1), true,
                "127.0.0.1", "localhost");
    }

    /**
     * Issues a certificate into {@code <name>.pem} and {@code <name>-key.pem}.
     *
     * @param hosts the names and IP addresses it is for (subject alternative names)
     */
    public Pair issue(String name, Algorithm algorithm, Instant notBefore, Duration validity, boolean server,
            String... hosts) throws Exception {
        KeyPair keys = keys(algorithm);
        BigInteger serial = serial();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial, Date.from(notBefore),
                Date.from(notBefore.plus(validity)), new X500Principal("CN=" + name), keys.getPublic());
        GeneralName[] names = new GeneralName[hosts.length];
        for (int i = 0; i < hosts.length; i++) {
            names[i] = new GeneralName(hosts[i].matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName,
                    hosts[i]);
        }
        if (names.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509Certificate certificate = sign(builder, caKeys.getPrivate());
        Pair pair = new Pair(directory.resolve(name + ".pem"), directory.resolve(name + "-key.pem"), serial);
        write(pair.certificate(), certificate);
        writeKey(pair.key(), keys.getPrivate());
        return pair;
    }

    /** Writes a certificate and key over an existing pair's files (a rotation), from a temporary file each. */
    public static void replace(Pair target, Pair source) throws IOException {
        Path certificate = Files.createTempFile(target.certificate().getParent(), "rotate", ".pem");
        Path key = Files.createTempFile(target.certificate().getParent(), "rotate", ".pem");
        Files.copy(source.certificate(), certificate, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(source.key(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(key, target.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.move(certificate, target.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static KeyPair keys(Algorithm algorithm) throws GeneralSecurityException {
        if (algorithm == Algorithm.EC) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(algorithm).build(key)));
    }

    private static void write(Path file, Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        Files.writeString(file, text.toString());
    }

    private static void writeKey(Path file, PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        }
        Files.writeString(file, text.toString());
    }
}
