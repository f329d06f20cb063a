package io.theia.core.internal.security;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away self-signed certificate for {@code 127.0.0.1} and {@code localhost} (EC P-256, valid for a day), as
 * PEM files: for {@code theia bench --tls}, which measures a TLS collector it starts itself. Not for production: use
 * a CA ({@code docs/security.md}).
 *
 * @param certificate the PEM certificate, which is also the CA bundle a client trusts
 * @param key its PEM private key (PKCS#8)
 */
public record SelfSignedCertificate(Path certificate, Path key) {

    /**
     * Writes {@code self-signed.pem} and {@code self-signed-key.pem} into {@code directory}.
     *
     * @throws TlsException when the certificate cannot be made or written
     */
    public static SelfSignedCertificate write(Path directory) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Principal name = new X500Principal("CN=theia self-signed");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            SelfSignedCertificate files = new SelfSignedCertificate(directory.resolve("self-signed.pem"),
                    directory.resolve("self-signed-key.pem"));
            Files.createDirectories(directory);
            Files.writeString(files.certificate(), pem(certificate));
            Files.writeString(files.key(), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
            return files;
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new TlsException("cannot make a self-signed certificate in " + directory + ": " + e, e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
