package io.theia.launcher;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A child process whose standard output and error are collected line by line as they come, so that a busy process
 * never blocks on a full pipe; its standard input is empty.
 */
final class ChildProcess {

    private static final Duration DRAINING = Duration.ofSeconds(60);

    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private ChildProcess(Process process) {
        this.process = process;
        this.outReader = collect(process.getInputStream(), output);
        this.errReader = collect(process.getErrorStream(), errors);
    }

    /**
     * Starts {@code command} in {@code directory} (null: this one's) with {@code environment} added to this one's;
     * an empty value removes a variable.
     */
    static ChildProcess start(List<String> command, Map<String, String> environment, Path directory)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        environment.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return new ChildProcess(builder.start());
    }

    /** Waits until it ended and all its output is collected; false when it did not end within {@code patience}. */
    boolean ended(Duration patience) throws InterruptedException {
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        drained();
        return true;
    }

    /** Waits until what it wrote before it ended is collected. */
    void drained() throws InterruptedException {
        outReader.join(DRAINING.toMillis());
        errReader.join(DRAINING.toMillis());
    }

    /**
     * Waits up to {@code patience} for a line of its output or error that matches; empty when the process ended, or
     * the time passed, without one.
     */
    Optional<String> awaitOutput(Predicate<String> match, Duration patience) {
        AtomicReference<String> found = new AtomicReference<>();
        try {
            await().atMost(patience).pollInterval(Duration.ofMillis(100)).until(() -> {
                List<String> all = new ArrayList<>(errors);
                all.addAll(output);
                all.stream().filter(match).findFirst().ifPresent(found::set);
                return found.get() != null || !process.isAlive();
            });
        } catch (ConditionTimeoutException e) {
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
        drained();
        return process.exitValue();
    }

    private static Thread collect(InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reading failed: " + e + ")");
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
