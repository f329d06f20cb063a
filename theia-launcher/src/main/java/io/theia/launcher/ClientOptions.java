package io.theia.launcher;

import io.theia.core.internal.client.ClientSecurity;
import io.theia.core.internal.security.TlsProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a command connects to a collector that speaks TLS or wants a token ({@code docs/security.md}): shared by
 * {@code query}, {@code simulate}, {@code bench} and {@code watch}. The token comes from {@code --token-file}, else
 * {@code --token} (which other users can see in {@code ps}), else the environment variable {@code THEIA_TOKEN},
 * else the file named by {@code THEIA_TOKEN_FILE}. The ciphers come from {@code --tls-provider}, else
 * {@code THEIA_TLS_PROVIDER}, else ACCP ({@link TlsProvider}).
 */
final class ClientOptions {

    /** The environment variable holding the token. */
    static final String TOKEN_VARIABLE = "THEIA_TOKEN";
    /** The environment variable naming a file whose first line is the token. */
    static final String TOKEN_FILE_VARIABLE = "THEIA_TOKEN_FILE";
    /** The environment variable naming the TLS provider. */
    static final String PROVIDER_VARIABLE = "THEIA_TLS_PROVIDER";

    @Option(names = {"--tls", "--secure"}, description = "Connect with TLS (wss://); --secure as in the original.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "PEM bundle of the CAs to trust for the collector's certificate (implies --tls; default: "
                    + "the JDK's trusted CAs).")
    Path caBundle;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "Client certificate (PEM chain) for a collector that requires one (implies --tls).")
    Path certificate;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert.")
    Path key;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File whose first line is the token (else $" + TOKEN_VARIABLE + ", else the file named by $"
                    + TOKEN_FILE_VARIABLE + ").")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The token itself; visible to other users in ps: prefer --token-file or $" + TOKEN_VARIABLE
                    + ".")
    String token;

    @Option(names = "--insecure",
            description = "Accept any certificate of the collector (expired, another host's, unknown CA): encrypts "
                    + "but does not authenticate the collector. For tests only (implies --tls).")
    boolean insecure;

    @Option(names = "--tls-provider", paramLabel = "NAME",
            description = "Where the TLS ciphers come from: accp (AWS-LC, the default; the JDK's when it cannot "
                    + "load) or jdk (else $" + PROVIDER_VARIABLE + ").")
    String provider;

    /** Whether to connect with TLS. */
    boolean tls() {
        return tls || caBundle != null || certificate != null || insecure;
    }

    /**
     * The client's security options, the token looked up as the class says.
     *
     * @throws IllegalArgumentException when a token file cannot be read or a certificate comes without its key
     */
    ClientSecurity security(Map<String, String> environment) {
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("--cert and --key must be given together");
        }
        return new ClientSecurity(caBundle, certificate, key, token(environment), insecure, provider(environment));
    }

    /**
     * The TLS provider as the class says.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    TlsProvider provider(Map<String, String> environment) {
        if (provider != null) {
            return TlsProvider.of(provider);
        }
        String variable = environment.get(PROVIDER_VARIABLE);
        return variable == null || variable.isBlank() ? TlsProvider.ACCP : TlsProvider.of(variable);
    }

    /** The token, or null when none is given anywhere. */
    String token(Map<String, String> environment) {
        if (tokenFile != null) {
            return firstLine(tokenFile);
        }
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        String variable = environment.get(TOKEN_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return variable.strip();
        }
        String file = environment.get(TOKEN_FILE_VARIABLE);
        return file == null || file.isBlank() ? null : firstLine(Path.of(file));
    }

    /** The agent's settings for these options: {@code forward.tls.*} and the token. */
    Map<String, String> forwardSettings(Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (tls()) {
            settings.put("forward.tls.enabled", "true");
        }
        if (caBundle != null) {
            settings.put("forward.tls.caBundle", caBundle.toString());
        }
        if (certificate != null) {
            settings.put("forward.tls.certificate", certificate.toString());
        }
        if (key != null) {
            settings.put("forward.tls.key", key.toString());
        }
        if (insecure) {
            settings.put("forward.tls.insecure", "true");
        }
        if (provider != null || environment.containsKey(PROVIDER_VARIABLE)) {
            settings.put("forward.tls.provider", provider(environment).toString());
        }
        if (tokenFile != null) {
            settings.put("forward.tokenFile", tokenFile.toString());
        } else {
            String found = token(environment);
            if (found != null) {
                settings.put("forward.token", found);
            }
        }
        return settings;
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty()).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the token file " + file + " is empty"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file + ": " + e.getMessage(), e);
        }
    }
}
