package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.core.internal.security.TlsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClientOptionsTest {

    @TempDir
    Path dir;

    @Test
    void theTokenComesFromTheFileThenTheFlagThenTheVariableThenTheVariablesFile() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "\n  from-file  \nsecond line\n");
        Path variableFile = dir.resolve("variable-token");
        Files.writeString(variableFile, "from-variable-file\n");
        Map<String, String> environment = Map.of("THEIA_TOKEN", "from-variable",
                "THEIA_TOKEN_FILE", variableFile.toString());

        assertThat(options("--token-file", file.toString(), "--token", "from-flag").token(environment))
                .isEqualTo("from-file");
        assertThat(options("--token", "from-flag").token(environment)).isEqualTo("from-flag");
        assertThat(options().token(environment)).isEqualTo("from-variable");
        assertThat(options().token(Map.of("THEIA_TOKEN_FILE", variableFile.toString())))
                .isEqualTo("from-variable-file");
        assertThat(options().token(Map.of())).isNull();
    }

    @Test
    void aCaACertificateOrInsecureImpliesTlsAndTheOriginalsSecureIsAccepted() {
        assertThat(options().tls()).isFalse();
        assertThat(options("--secure").tls()).isTrue();
        assertThat(options("--tls").tls()).isTrue();
        assertThat(options("--ca", "ca.pem").tls()).isTrue();
        assertThat(options("--insecure").tls()).isTrue();
        assertThat(options("--ca", "ca.pem", "--token-file", "t").forwardSettings(Map.of())).containsExactly(
                Map.entry("forward.tls.enabled", "true"), Map.entry("forward.tls.caBundle", "ca.pem"),
                Map.entry("forward.tokenFile", "t"));
        assertThat(options().forwardSettings(Map.of("THEIA_TOKEN", "x"))).containsExactly(
                Map.entry("forward.token", "x"));
    }

    @Test
    void theTlsProviderComesFromTheFlagThenTheVariableElseAccpAndReachesTheAgent() {
        Map<String, String> environment = Map.of("THEIA_TLS_PROVIDER", "JDK");

        assertThat(options("--tls-provider", "accp").provider(environment)).isEqualTo(TlsProvider.ACCP);
        assertThat(options().provider(environment)).isEqualTo(TlsProvider.JDK);
        assertThat(options().provider(Map.of())).isEqualTo(TlsProvider.ACCP);
        assertThat(options("--tls", "--tls-provider", "jdk").security(Map.of()).provider()).isEqualTo(TlsProvider.JDK);
        assertThat(options("--tls").security(Map.of()).provider()).isEqualTo(TlsProvider.ACCP);
        assertThat(options("--tls", "--tls-provider", "jdk").forwardSettings(Map.of())).containsExactly(
                Map.entry("forward.tls.enabled", "true"), Map.entry("forward.tls.provider", "jdk"));
        assertThat(options("--tls").forwardSettings(Map.of())).doesNotContainKey("forward.tls.provider");
        assertThatThrownBy(() -> options("--tls-provider", "openssl").security(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdk or accp");
    }

    private static ClientOptions options(String... args) {
        ClientOptions options = new ClientOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
