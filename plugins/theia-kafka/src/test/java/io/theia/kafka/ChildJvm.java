package io.theia.kafka;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A main class of this module's test class path run in a child JVM: its output (standard output and error, merged)
 * is collected line by line as it comes, so that a busy child never blocks on a full pipe. Its standard input stays
 * open; closing it ({@link #close()}) asks the mains of this package to stop in order, {@link #kill()} is SIGKILL.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.reader = new Thread(() -> collect(log), "child-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} with {@code arguments} in a JVM of this one's java, on this JVM's test class path.
     *
     * @param jvmOptions options of the child JVM, such as {@code -Xmx512m}
     * @param log a file that receives a copy of the child's output, or null
     */
    static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, List<String> arguments, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass.getName());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildJvm(process, log);
    }

    /**
     * This JVM's class path. Failsafe runs the tests from a manifest-only jar; {@code surefire.test.class.path}
     * then names the real entries.
     */
    private static String classPath() {
        String tests = System.getProperty("surefire.test.class.path");
        return tests != null && !tests.isBlank() ? tests : System.getProperty("java.class.path");
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The CPU time (user and system) the child used so far; zero when the platform does not tell. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * Waits up to {@code patience} for a line of output matching {@code pattern}; its first group. Fails, with the
     * output so far, when the child ended or the time passed without one.
     */
    String awaitLine(Pattern pattern, Duration patience) {
        await().atMost(patience).pollInterval(Duration.ofMillis(50))
                .failFast("the child ended:\n" + String.join("\n", output), () -> !process.isAlive()
                        && find(pattern).isEmpty())
                .until(() -> find(pattern).isPresent());
        return find(pattern).orElseThrow();
    }

    private Optional<String> find(Pattern pattern) {
        for (String line : output) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return Optional.of(matcher.groupCount() > 0 ? matcher.group(1) : line);
            }
        }
        return Optional.empty();
    }

    /** Everything the child wrote so far. */
    List<String> output() {
        return List.copyOf(output);
    }

    /** SIGKILL on Linux: the child gets no chance to flush, commit or close anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + process.pid() + " survived SIGKILL");
        }
    }

    /** Closes the child's standard input (the mains stop in order then) and waits; kills it after 30 s. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try (OutputStream in = process.getOutputStream()) {
                in.flush();
            } catch (IOException e) {
                // it ended meanwhile
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void collect(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                java.io.Writer copy = log == null ? java.io.Writer.nullWriter()
                        : java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
                copy.write(line);
                copy.write('\n');
                copy.flush();
            }
        } catch (IOException e) {
            output.add("(reading failed: " + e + ")");
        }
    }

    /** For the mains of this package: blocks until the parent closes standard input (or dies). */
    static void awaitEndOfInput() throws IOException {
        while (System.in.read() >= 0) {
            // only the end matters
        }
    }
}
