package io.theia.source.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code logger} command of util-linux: a syslog client nobody here wrote. Missing, it fails the test that
 * needs it (it is not skipped): .ci/run installs it from Debian's bsdutils package.
 */
final class UtilLinuxLogger {

    private UtilLinuxLogger() {
    }

    /** Runs {@code logger --server 127.0.0.1 --port <port> <options...>} and waits for it to succeed. */
    static void send(int port, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("logger", "--server", "127.0.0.1", "--port",
                String.valueOf(port)));
        command.addAll(List.of(options));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("the syslog tests need the 'logger' command of util-linux, which is not "
                    + "installed: apt-get install bsdutils (.ci/run does this)", e);
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("logger ended").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit of %s: %s", command, output).isZero();
    }
}
