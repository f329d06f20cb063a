package io.theia.launcher;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The original Python theia, run from its unmodified sources with Debian's {@code /usr/bin/python3} and its
 * packages {@code python3-websockets} and {@code python3-watchdog}, through the folder's {@code run_original.py}
 * (which patches what breaks on modern Python at import).
 *
 * <p>The folder is {@code -Dtheia.original.dir}, else {@code $THEIA_ORIGINAL_DIR}, else the nearest
 * {@code shared/original-theia} beside the repository root or one of its ancestors (the build's
 * {@code theia.repository.root}). {@link #locate} skips the calling test, naming what is missing, when the folder
 * or the Python packages are not there: a user's clone has neither.
 */
final class OriginalTheia {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private final Path folder;

    private OriginalTheia(Path folder) {
        this.folder = folder;
    }

    /** The original's folder, or the calling test is skipped with the reason. */
    static OriginalTheia locate() throws Exception {
        Optional<Path> folder = folder();
        assumeTrue(folder.isPresent(), "the original Python theia is not there: set -Dtheia.original.dir or "
                + "THEIA_ORIGINAL_DIR to the folder holding run_original.py and theia/ (looked "
                + (configured().isBlank() ? "for shared/original-theia beside " + repositoryRoot()
                        + " and its ancestors)" : "in " + configured() + ")"));
        assumeTrue(Files.isExecutable(PYTHON), PYTHON + " is missing (Debian's python3)");
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import websockets, watchdog")
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assumeTrue(check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0, PYTHON + " cannot import "
                + "websockets and watchdog: apt-get install -y python3-websockets python3-watchdog (" + output.trim()
                + ")");
        return new OriginalTheia(folder.get());
    }

    private static String configured() {
        String configured = System.getProperty("theia.original.dir", "");
        return configured.isBlank() ? System.getenv().getOrDefault("THEIA_ORIGINAL_DIR", "") : configured;
    }

    private static Optional<Path> folder() {
        String configured = configured();
        if (!configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isRegularFile(path.resolve("run_original.py")) ? Optional.of(path) : Optional.empty();
        }
        for (Path dir = repositoryRoot().getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/original-theia");
            if (Files.isRegularFile(candidate.resolve("run_original.py"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path repositoryRoot() {
        String root = System.getProperty("theia.repository.root");
        return (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent()).toAbsolutePath()
                .normalize();
    }

    /** The original collector started by {@link #collector}, and the port it listens on. */
    record Collector(ChildProcess process, int port) {
    }

    /**
     * Starts the original collector on a free port of 127.0.0.1 with {@code dataDir}, and waits until it listens
     * (its websockets server says so at INFO); tries another port when the chosen one was taken meanwhile (the
     * original does not exit then, it only logs the error).
     */
    Collector collector(Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            ChildProcess collector = ChildProcess.start(command(List.of("-H", "127.0.0.1", "-P",
                    Integer.toString(port), "collect", "-d", dataDir.toString()), true), environment(Map.of()), null);
            String listening = "server listening on 127.0.0.1:" + port;
            boolean up = collector.awaitOutput(line -> line.contains(listening) || line.contains("Errno 98"),
                    Duration.ofSeconds(60)).map(line -> line.contains(listening)).orElse(false);
            if (up) {
                return new Collector(collector, port);
            }
            collector.stop();
            if (attempt == 5) {
                throw new IllegalStateException("the original collector did not start:\n"
                        + String.join("\n", collector.errors));
            }
        }
    }

    /**
     * Runs the original's own {@code query} client, which ends after {@code idleSeconds} without a message, and
     * returns the lines it printed for events (it prints the collector's {@code ok} too, which is left out). With
     * {@code idleSeconds} 0 it ends only when the collector closes the search, as ours does (the original never
     * does); one that does not end within two minutes fails.
     */
    List<String> query(int port, int idleSeconds, String... args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-H", "127.0.0.1", "-P", Integer.toString(port), "query"));
        arguments.addAll(List.of(args));
        ChildProcess query = ChildProcess.start(command(arguments, false),
                environment(Map.of("THEIA_SHIM_IDLE_EXIT_S", Integer.toString(idleSeconds))), null);
        if (!query.ended(Duration.ofSeconds(120))) {
            query.stop();
            throw new IllegalStateException("the original query did not end:\n" + String.join("\n", query.errors));
        }
        List<String> lines = new ArrayList<>(query.output);
        lines.remove("ok");
        return lines;
    }

    /**
     * Starts the original's {@code query --live} with {@code args} (its filters, {@code -F}) against the collector
     * on {@code port}; it prints {@code ok} once the collector confirmed the subscription, then a line per event,
     * until it is stopped.
     */
    ChildProcess live(int port, String... args) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-H", "127.0.0.1", "-P", Integer.toString(port), "query",
                "--live"));
        arguments.addAll(List.of(args));
        return ChildProcess.start(command(arguments, false), environment(Map.of()), null);
    }

    /**
     * Starts the original's event simulator ({@code theia/cli/simulate.py}, which is not one of its CLI's commands)
     * with {@code args} against the collector on {@code port}: it pushes an event every {@code --delay} seconds, and
     * prints each one, until it is stopped. It imports {@code lorem} (a PyPI package Debian does not ship) for random
     * content, which it never calls when {@code -c CONTENT} is given; where it is missing a stand-in takes its place.
     */
    ChildProcess simulate(int port, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", "import runpy, sys, types\n"
                + "sys.path.insert(0, " + pythonString(folder.toString()) + ")\n"
                + "import run_original\n"
                + "run_original.apply()\n"
                + "try:\n"
                + "    import lorem\n"
                + "except ImportError:\n"
                + "    lorem = types.ModuleType('lorem')\n"
                + "    def sentence():\n"
                + "        raise RuntimeError('lorem stand-in: give the simulator -c CONTENT')\n"
                + "    lorem.sentence = sentence\n"
                + "    sys.modules['lorem'] = lorem\n"
                + "sys.argv = ['theia.cli.simulate'] + sys.argv[1:]\n"
                + "runpy.run_module('theia.cli.simulate', run_name='__main__', alter_sys=True)\n",
                "-H", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return ChildProcess.start(command, environment(Map.of()), null);
    }

    /** Runs the original's CLI with {@code arguments} (e.g. its {@code watcher}), with {@code environment} added. */
    ChildProcess start(List<String> arguments, Map<String, String> environment) throws IOException {
        return ChildProcess.start(command(arguments, true), environment(environment), null);
    }

    private List<String> command(List<String> arguments, boolean logInfo) {
        List<String> command = new ArrayList<>();
        command.add(PYTHON.toString());
        command.add("-c");
        // The runner, with INFO logging so that the collector's websockets server says when it listens.
        command.add("import logging, runpy, sys\n"
                + (logInfo ? "logging.basicConfig(level=logging.INFO)\n" : "")
                + "sys.argv = ['run_original.py'] + sys.argv[1:]\n"
                + "runpy.run_path(" + pythonString(folder.resolve("run_original.py").toString())
                + ", run_name='__main__')\n");
        command.addAll(arguments);
        return command;
    }

    private Map<String, String> environment(Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(more);
        environment.put("THEIA_PY", folder.toString());
        return environment;
    }

    private static String pythonString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
