package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM ends the wait, and the process exits with the command's own status (not 143) once the command has
 * stopped, even when another shutdown hook (the runtime's) finishes first.
 */
class SignalWaiterTest {

    /** The child: waits for a signal, stops slowly or at once, and exits with the status it was given. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> { }, "another-hook"));
            try (SignalWaiter signals = new SignalWaiter()) {
                System.out.println("waiting");
                System.out.flush();
                signals.await();
                Thread.sleep(Long.parseLong(args[1])); // stopping in order takes this long
            }
            SignalWaiter.exit(Integer.parseInt(args[0]));
        }
    }

    // "0 0" several times: stopping at once is where the signal's own ending used to win the race (1 run in 6)
    @ParameterizedTest(name = "status and stop millis {0}")
    @ValueSource(strings = {"0 0", "0 0", "0 0", "0 0", "0 0", "0 0", "0 0", "0 0", "0 300", "3 0"})
    void sigtermEndsTheWaitAndTheProcessExitsWithTheCommandsStatus(String statusAndStopMillis) throws Exception {
        String[] args = statusAndStopMillis.split(" ");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), args[0], args[1])
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("waiting");
            child.destroy();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isEqualTo(Integer.parseInt(args[0]));
    }
}
