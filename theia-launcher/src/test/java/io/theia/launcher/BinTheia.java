package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The built distribution's {@code bin/theia}, run as child processes in a test's directory with a log level of its
 * own; every process it started, or was given to {@link #adopt}, is killed after each test. Register it as a
 * {@code @RegisterExtension} field; one made by {@link #perClass} and registered as a {@code static} field kills
 * its processes after the last test of the class instead, so that the tests can share a collector.
 */
final class BinTheia implements AfterEachCallback, AfterAllCallback {

    /** How a run ended: its exit code and the lines of its standard output and error. */
    record Result(int exitCode, List<String> output, List<String> errors) {
    }

    private final Supplier<Path> directory;
    private final String logLevel;
    private final Duration patience;
    private final boolean perClass;
    private final List<ChildProcess> started = new CopyOnWriteArrayList<>();

    /**
     * @param directory the working directory, asked for at each start (a {@code @TempDir} field is set after the
     *     extension is made)
     * @param logLevel {@code THEIA_LOG_LEVEL} of every process
     * @param patience how long a {@linkplain #run run} may take
     */
    BinTheia(Supplier<Path> directory, String logLevel, Duration patience) {
        this(directory, logLevel, patience, false);
    }

    private BinTheia(Supplier<Path> directory, String logLevel, Duration patience, boolean perClass) {
        this.directory = directory;
        this.logLevel = logLevel;
        this.patience = patience;
        this.perClass = perClass;
    }

    /** As the constructor, but the processes live until the class's tests are done (register it as a static field). */
    static BinTheia perClass(Supplier<Path> directory, String logLevel, Duration patience) {
        return new BinTheia(directory, logLevel, patience, true);
    }

    ChildProcess start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** Starts bin/theia with {@code environment} added (an empty value removes one). */
    ChildProcess start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(script().toString());
        command.addAll(List.of(args));
        Map<String, String> all = new HashMap<>(Map.of("THEIA_LOG_LEVEL", logLevel));
        all.putAll(environment);
        return adopt(ChildProcess.start(command, all, directory.get()));
    }

    Result run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    /** Runs bin/theia to its end, which must come within the patience. */
    Result run(Map<String, String> environment, String... args) throws Exception {
        ChildProcess running = start(environment, args);
        assertThat(running.ended(patience)).isTrue();
        return new Result(running.process.exitValue(), List.copyOf(running.output), List.copyOf(running.errors));
    }

    /** {@code process}, killed after the test. */
    ChildProcess adopt(ChildProcess process) {
        started.add(process);
        return process;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            killAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        killAll();
    }

    private void killAll() {
        started.forEach(running -> running.process.destroyForcibly());
        started.clear();
    }

    /** bin/theia of the distribution under target/. */
    static Path script() throws IOException {
        try (Stream<Path> candidates = Files.list(Path.of("target"))) {
            return candidates.filter(path -> Files.isExecutable(path.resolve("bin/theia"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no distribution under target/: run mvn package"))
                    .resolve("bin/theia").toAbsolutePath();
        }
    }
}
