package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./theia} script builds the distribution on first use and again when sources are newer,
 * then runs it. A stand-in {@code mvn} (first on the PATH) records each build and lays out a distribution whose
 * {@code bin/theia} echoes its arguments, so the script's own logic runs for real without a nested Maven build.
 */
class RootScriptTest {

    @TempDir
    Path checkout;

    private Path builds;

    @BeforeEach
    void layOutACheckout() throws Exception {
        Path script = Path.of("..", "theia").toAbsolutePath().normalize();
        Files.copy(script, checkout.resolve("theia"));
        Files.writeString(checkout.resolve("pom.xml"), "<project>\n  <version>9.9.9</version>\n</project>\n");
        Path source = checkout.resolve("theia-api/src/main/java/Example.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Example {}\n");
        builds = checkout.resolve("builds.log");
        Path fakeMaven = checkout.resolve("fake-bin/mvn");
        Files.createDirectories(fakeMaven.getParent());
        Files.writeString(fakeMaven, """
                #!/bin/sh
                echo "$@" >> "%s"
                printf '\033[0m\033[0mcompiling, as Debian Maven prints it\n'
                if [ -n "$FAIL_BUILD" ]; then echo "[ERROR] COMPILATION ERROR"; exit 1; fi
                dist=theia-launcher/target/theia-9.9.9
                mkdir -p "$dist/bin"
                printf '#!/bin/sh\\necho "distribution ran with: $*"\\n' > "$dist/bin/theia"
                chmod +x "$dist/bin/theia"
                """.formatted(builds));
        Files.setPosixFilePermissions(fakeMaven, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(checkout.resolve("theia"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void buildsOnFirstUseThenRunsTheDistribution() throws Exception {
        assertThat(run("collect", "-d", "./data")).contains("distribution ran with: collect -d ./data")
                .doesNotContain("\u001b").doesNotContain("compiling");
        assertThat(Files.readAllLines(builds)).singleElement().asString()
                .contains("package").contains("-pl theia-launcher -am");

        assertThat(run("--version")).contains("distribution ran with: --version");
        assertThat(Files.readAllLines(builds)).hasSize(1);
    }

    @Test
    void rebuildsWhenASourceIsNewerThanTheDistribution() throws Exception {
        run("--version");
        Path source = checkout.resolve("theia-api/src/main/java/Example.java");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));

        run("--version");

        assertThat(Files.readAllLines(builds)).hasSize(2);
    }

    @Test
    void aFailedBuildShowsMavensOutputWithoutEscapeCodesAndFails() throws Exception {
        Result failed = run(Map.of("FAIL_BUILD", "1"), "--version");

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.output()).contains("[ERROR] COMPILATION ERROR").contains("theia: the build failed")
                .doesNotContain("\u001b").doesNotContain("distribution ran");
    }

    private String run(String... args) throws Exception {
        Result result = run(Map.of(), args);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(Map<String, String> extraEnvironment, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = checkout.resolve("theia").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("PATH", checkout.resolve("fake-bin") + ":" + environment.get("PATH"));
        environment.putAll(extraEnvironment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
