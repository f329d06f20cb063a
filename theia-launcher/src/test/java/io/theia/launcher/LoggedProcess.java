package io.theia.launcher;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A child process whose standard error goes to a log file and standard output to the same name with
 * {@code .out}, so that a failing test leaves both behind and a busy process never blocks on a full pipe.
 */
final class LoggedProcess {

    final Process process;
    final Path log;
    final Path out;
    int port;

    private LoggedProcess(Process process, Path log, Path out) {
        this.process = process;
        this.log = log;
        this.out = out;
    }

    static LoggedProcess start(List<String> command, Map<String, String> environment, Path log) throws IOException {
        Path out = log.resolveSibling(log.getFileName() + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile())
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        builder.environment().putAll(environment);
        return new LoggedProcess(builder.start(), log, out);
    }

    /** Its standard output so far, line by line. */
    List<String> stdout() {
        return lines(out);
    }

    /** Its standard error so far, line by line. */
    List<String> stderr() {
        return lines(log);
    }

    /**
     * Waits up to {@code patience} for a line of its output or error that matches; empty when the process ended, or
     * the time passed, without one.
     */
    Optional<String> awaitOutput(Predicate<String> match, Duration patience) {
        AtomicReference<String> found = new AtomicReference<>();
        try {
            await().atMost(patience).pollInterval(Duration.ofMillis(100)).until(() -> {
                List<String> all = new ArrayList<>(stderr());
                all.addAll(stdout());
                all.stream().filter(match).findFirst().ifPresent(found::set);
                return found.get() != null || !process.isAlive();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(found.get());
    }

    /** Stops it as Ctrl-C would (SIGTERM) and returns its exit code; kills it when it does not stop in a minute. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
