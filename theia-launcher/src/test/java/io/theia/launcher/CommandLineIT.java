package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.testkit.PluginArchive;
import io.theia.launcher.BinTheia.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user runs it: {@code bin/theia} started as child processes — a collector, a watcher,
 * queries — talking over real sockets on 127.0.0.1.
 */
class CommandLineIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on ws://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @RegisterExtension
    final BinTheia theia = new BinTheia(() -> dir, "WARN", PATIENCE);

    @Test
    void collectWatchQueryFollowAndStopWithNothingLost() throws Exception {
        Path data = dir.resolve("data");
        ChildProcess collector = theia.start("collect", "-d", data.toString(), "-H", "127.0.0.1", "-P", "0",
                "--set", "stateDir=" + dir.resolve("collector-state"));
        int port = awaitPort(collector);
        Path log = dir.resolve("app.log");
        Files.createFile(log);
        ChildProcess watcher = theia.start("watch", "-c", "127.0.0.1", "-p", Integer.toString(port), "-f",
                log.toString(), "-t", "demo", "--from-beginning", "--set", "stateDir=" + dir.resolve("agent-state"));
        List<String> lines = IntStream.range(0, 50).mapToObj(i -> "line " + i + " of the app").toList();
        append(log, lines);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(theia.run("query", "-P", Integer.toString(port), "-t", "demo", "-F", "{content}").output())
                        .containsExactlyElementsOf(lines));
        Result json = theia.run("query", "-P", Integer.toString(port), "-t", "demo", "--json", "-n", "2");
        assertThat(json.exitCode()).isZero();
        assertThat(json.output()).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith("{\"id\":").contains("\"tags\":[\"demo\",").contains("\"content\":\"line "));

        ChildProcess live = theia.start("query", "-P", Integer.toString(port), "--live", "-c", "^live", "-F",
                "{content}");
        List<String> liveLines = new ArrayList<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            String line = "live " + liveLines.size();
            liveLines.add(line);
            append(log, List.of(line));
            assertThat(live.output).isNotEmpty();
        });
        append(log, List.of("live last"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(live.output).contains("live last"));

        assertThat(stop(live)).isZero();
        assertThat(stop(watcher)).isZero();
        assertThat(stop(collector)).isZero();

        ChildProcess again = theia.start("collect", "-d", data.toString(), "-H", "127.0.0.1", "-P", "0",
                "--set", "stateDir=" + dir.resolve("collector-state"));
        int newPort = awaitPort(again);
        List<String> expected = new ArrayList<>(lines);
        expected.addAll(liveLines);
        expected.add("live last");
        assertThat(theia.run("query", "-P", Integer.toString(newPort), "-t", "demo", "-F", "{content}").output())
                .containsExactlyElementsOf(expected);
        assertThat(stop(again)).isZero();
    }

    @Test
    void simulatePushesEventsThatQueryFinds() throws Exception {
        ChildProcess collector = startCollector();
        String port = Integer.toString(awaitPort(collector));

        Result simulated = theia.run("simulate", "-P", port, "-n", "500", "-t", "sim", "--content", "simulated event");

        assertThat(simulated.exitCode()).isZero();
        assertThat(simulated.output()).singleElement().asString().startsWith("pushed 500 events to 127.0.0.1:" + port);
        assertThat(theia.run("query", "-P", port, "-t", "sim", "-F", "{content}").output()).hasSize(500)
                .containsOnly("simulated event");
        assertThat(stop(collector)).isZero();
    }

    /**
     * {@code --live -n 2} once followed forever, a query without a match was silent, and {@code -F '{nope}'}
     * printed "{nope}" for every event.
     */
    @Test
    void queryStopsLiveAtItsLimitSaysWhenNothingMatchedAndRefusesUnknownFields() throws Exception {
        ChildProcess collector = startCollector();
        String port = Integer.toString(awaitPort(collector));
        ChildProcess live = theia.start("query", "-P", port, "--live", "-n", "2", "-F", "{content}");
        await().atMost(PATIENCE).until(() -> {
            theia.run("simulate", "-P", port, "-n", "1", "--content", "pushed");
            return !live.process.isAlive();
        });
        live.drained();
        assertThat(live.process.exitValue()).isZero();
        assertThat(live.output).containsExactly("pushed", "pushed");

        Result nothing = theia.run("query", "-P", port, "-t", "no-such-tag");
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.output()).isEmpty();
        assertThat(nothing.errors()).containsExactly("theia: no event matched");

        Result unknown = theia.run("query", "-P", port, "-F", "{nope}");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).isEmpty();
        assertThat(unknown.errors().get(0)).contains("unknown field {nope}");

        Result padded = theia.run("query", "-P", port, "-n", "1", "-F", "[{content:>8}|{content:.4}]");
        assertThat(padded.output()).containsExactly("[  pushed|push]");
    }

    /** Content could forge output lines and drive the terminal; a trailing newline printed a blank line. */
    @Test
    void queryEscapesControlCharactersInTextButNotInJson() throws Exception {
        ChildProcess collector = startCollector();
        String port = Integer.toString(awaitPort(collector));
        assertThat(theia.run("simulate", "-P", port, "-n", "1", "--content", "bell\u0007 \u001b[2J\nforged line\n")
                .exitCode()).isZero();

        assertThat(theia.run("query", "-P", port, "-F", "{content}").output())
                .containsExactly("bell\\x07 \\e[2J\\nforged line");
        assertThat(theia.run("query", "-P", port, "--json").output()).singleElement().asString()
                .contains("\"content\":\"bell\\u0007 \\u001B[2J\\nforged line\\n\"");
    }

    /** A failure that is not one of ours once printed a stack trace of 40 lines. */
    @Test
    void anUnexpectedFailureIsOneLineNotAStackTrace() throws Exception {
        Result simulate = theia.run("simulate", "-H", "no such host", "-n", "1");

        assertThat(simulate.exitCode()).isEqualTo(1);
        assertThat(simulate.errors()).singleElement().asString().startsWith("theia: ").contains("no such host");
    }

    /** The original CLI's flags: global -H/-P/-v/--verbose before the command, and each command's long names. */
    @Test
    void theOriginalsFlagsWork() throws Exception {
        ChildProcess collector = theia.start("-H", "127.0.0.1", "-P", "0", "--verbose", "collect", "-d",
                dir.resolve("data").toString(), "--set", "stateDir=" + dir.resolve("collector-state"));
        String port = Integer.toString(awaitPort(collector));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "from a directory\n");
        theia.start("watch", "--collector-server", "127.0.0.1", "--collector-port", port, "--directory",
                logs.toString(), "-t", "original-flags", "--from-beginning",
                "--set", "stateDir=" + dir.resolve("agent-state"));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(theia.run("-H", "127.0.0.1", "-P", port, "query", "-t",
                "original-flags", "--format-output", "{timestamp:6}|{content}", "--format-timestamp", "%Y").output())
                .singleElement().asString().matches("20\\d\\d  \\|from a directory"));
        assertThat(theia.run("-P", port, "simulate", "-n", "1", "-c", "simulated", "--delay", "0.01").exitCode())
                .isZero();
        assertThat(theia.run("-P", port, "query", "-c", "^simulated$", "-F", "{content}").output())
                .containsExactly("simulated");
        assertThat(theia.run("-v").output()).first().asString().startsWith("theia ");

        Result globalForWatch = theia.run("-P", port, "watch", "-c", "127.0.0.1", "-f", "x.log");
        assertThat(globalForWatch.exitCode()).isEqualTo(2);
        assertThat(globalForWatch.errors().get(0)).contains("watch takes the collector as -c/--host HOST -p/--port PORT");
        Result urlAlone = theia.run("collect", "-U", "postgresql://db/events");
        assertThat(urlAlone.exitCode()).isEqualTo(2);
        assertThat(urlAlone.errors().get(0)).contains("--rdbs-store");
    }

    @Test
    void queryTakesRelativeAndLocalTimesAndTailsThenFollows() throws Exception {
        ChildProcess collector = startCollector();
        String port = Integer.toString(awaitPort(collector));
        assertThat(theia.run("simulate", "-P", port, "-n", "3", "-c", "first").exitCode()).isZero();
        assertThat(theia.run("simulate", "-P", port, "-n", "1", "-c", "second").exitCode()).isZero();

        assertThat(theia.run("query", "-P", port, "-a", "-1h", "-F", "{content}").output()).hasSize(4);
        assertThat(theia.run("query", "-P", port, "--since", "1h", "-b", "now", "-F", "{content}").output()).hasSize(4);
        assertThat(theia.run("query", "-P", port, "-a", "2000-01-01", "-b", "now+1h", "-F", "{content}").output())
                .hasSize(4);
        Result none = theia.run("query", "-P", port, "-b", "2000-01-01 00:00:00");
        assertThat(none.output()).isEmpty();
        assertThat(none.errors()).containsExactly("theia: no event matched");
        assertThat(theia.run("query", "-P", port, "-a", "yesterday").exitCode()).isEqualTo(2);
        assertThat(theia.run("query", "-P", port, "--tail", "1", "-F", "{content}").output()).containsExactly("second");

        ChildProcess tail = theia.start("query", "-P", port, "--tail", "2", "--live", "-n", "3", "-F", "{content}");
        await().atMost(PATIENCE).until(() -> tail.output.size() >= 2);
        await().atMost(PATIENCE).until(() -> {
            theia.run("simulate", "-P", port, "-n", "1", "-c", "third");
            return !tail.process.isAlive();
        });
        tail.drained();
        assertThat(tail.output).containsExactly("first", "second", "third");
    }

    /** Progress on standard error when it is a terminal (bin/theia tells; here it is told so). */
    @Test
    void simulateShowsProgressWhenStandardErrorIsATerminal() throws Exception {
        ChildProcess collector = startCollector();
        String port = Integer.toString(awaitPort(collector));

        Result simulated = theia.run(Map.of("JAVA_OPTS", "-Dtheia.stderr.terminal=true"), "simulate", "-P", port, "-n",
                "1500", "-r", "1000");
        Result quiet = theia.run("simulate", "-P", port, "-n", "1500", "-r", "1000");

        assertThat(simulated.exitCode()).isZero();
        assertThat(simulated.errors()).anySatisfy(line -> assertThat(line).matches(
                "theia: \\d+ of 1500 events pushed\u2026\u001b\\[K"));
        assertThat(quiet.errors()).isEmpty();
    }

    /** --verbose/--quiet, logging.level of the configuration, and JSON log lines. */
    @Test
    void loggingLevelAndFormatComeFromOptionsOrTheConfiguration() throws Exception {
        Path config = Files.writeString(dir.resolve("theia.yaml"), "logging: {level: debug, format: json}\n");
        Map<String, String> noLevel = Map.of("THEIA_LOG_LEVEL", "");

        Result configured = theia.run(noLevel, "plugins", "--config", config.toString());
        Result quiet = theia.run(noLevel, "plugins", "--config", config.toString(), "--quiet");
        Result verbose = theia.run(noLevel, "--verbose", "--log-format", "json", "plugins");
        Result text = theia.run(noLevel, "plugins", "--verbose");

        assertThat(configured.errors()).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{"))
                .anySatisfy(line -> assertThat(line).contains("\"level\":\"DEBUG\""));
        assertThat(quiet.errors()).isEmpty();
        assertThat(verbose.errors()).anySatisfy(line -> assertThat(line).startsWith("{")
                .contains("\"level\":\"DEBUG\""));
        assertThat(text.errors()).anySatisfy(line -> assertThat(line).contains(" DEBUG "))
                .noneSatisfy(line -> assertThat(line).startsWith("{"));
        assertThat(theia.run("plugins", "--log-format", "xml").exitCode()).isEqualTo(2);
    }

    @Test
    void benchMeasuresACollectorItStartsAndReportsJson() throws Exception {
        Result bench = theia.run("bench", "--count", "2000", "--connections", "2", "--batch", "50", "--subscribers",
                "2", "--live-rate", "500", "--live-duration", "PT1S", "--live-warmup", "PT0.5S", "--json");

        assertThat(bench.exitCode()).as(String.join("\n", bench.errors())).isZero();
        String json = String.join("\n", bench.output());
        assertThat(json).contains("\"scenario\" : \"ingest\"").contains("\"scenario\" : \"find\"")
                .contains("\"scenario\" : \"live\"").contains("\"events\" : 2000").contains("\"p99Millis\"");
    }

    @Test
    void wrongUsageExitsWith2AndTheUsage() throws Exception {
        Result result = theia.run("collect", "--no-such-flag");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errors()).containsExactly("collect: Unknown option: '--no-such-flag'",
                "Try 'theia collect --help' for more information.");
        Result bare = theia.run();
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(String.join("\n", bare.errors())).contains("Missing command").contains("Usage: theia");
        assertThat(theia.run("query", "-o", "sideways").exitCode()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelpAndTheVersionIsPrinted() throws Exception {
        for (String command : List.of("collect", "watch", "query", "simulate", "plugins", "bench")) {
            Result help = theia.run(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.output()).first().asString().startsWith("Usage: theia " + command);
        }
        assertThat(theia.run("--version").output()).first().asString().startsWith("theia ");
    }

    @Test
    void aSecondCollectorOnTheSameDataDirectoryExitsNonZeroNamingTheFirst() throws Exception {
        Path data = dir.resolve("data");
        ChildProcess first = theia.start("collect", "-d", data.toString(), "-H", "127.0.0.1", "-P", "0",
                "--set", "stateDir=" + dir.resolve("first-state"));
        awaitPort(first);

        Result second = theia.run("collect", "-d", data.toString(), "-H", "127.0.0.1", "-P", "0",
                "--set", "stateDir=" + dir.resolve("second-state"));

        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.errors()).filteredOn(line -> line.startsWith("theia: ")).singleElement()
                .satisfies(line -> assertThat(line).contains("already open")
                        .contains("pid " + first.process.pid() + " on host ")
                        .contains(data.resolve(".theia").resolve("lock").toString()));
        assertThat(first.process.isAlive()).isTrue();
        assertThat(stop(first)).isZero();
    }

    @Test
    void linesABufferedCollectorAcknowledgedSurviveItsSigkill() throws Exception {
        // the first collector binds a free port (port 0); the second one comes back on the port the first had
        ChildProcess collector = theia.start(collect("0"));
        int port = awaitPort(collector);
        String[] collect = collect(Integer.toString(port));
        Path log = dir.resolve("app.log");
        List<String> lines = IntStream.range(0, 2000).mapToObj(i -> "acknowledged line " + i).toList();
        Files.write(log, lines, StandardCharsets.UTF_8);
        long size = Files.size(log);
        Path agentState = dir.resolve("agent-state");
        ChildProcess watcher = theia.start("watch", "-c", "127.0.0.1", "-p", Integer.toString(port), "-f",
                log.toString(), "-t", "kill", "--from-beginning", "--set", "stateDir=" + agentState);

        await().atMost(PATIENCE).until(() -> checkpointedOffset(agentState) == size);
        collector.process.destroyForcibly();
        assertThat(collector.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        ChildProcess again = theia.start(collect);
        awaitPort(again);
        assertThat(theia.run("query", "-P", Integer.toString(port), "-t", "kill", "-n", "5000", "-F",
                "{content}").output())
                .as("every line the watcher had acknowledged, with the collector's flush interval at 60 s")
                .containsExactlyElementsOf(lines);
        assertThat(stop(watcher)).isZero();
        assertThat(stop(again)).isZero();
    }

    private String[] collect(String port) {
        return new String[] {"collect", "-d", dir.resolve("data").toString(), "-H", "127.0.0.1", "-P", port,
                "--set", "stateDir=" + dir.resolve("collector-state"), "--set", "store.flushInterval=60s"};
    }

    /** The offset the watcher's checkpoint file holds for its one file, or -1 before it is written. */
    private static long checkpointedOffset(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            return -1;
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path file : files.filter(path -> path.getFileName().toString().equals("checkpoints.tsv")).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] columns = line.split("\t");
                    if (columns.length == 3 && columns[0].matches("\\d+")) {
                        return Long.parseLong(columns[0]);
                    }
                }
            }
        }
        return -1;
    }

    @Test
    void pluginsListsTheDistributionsPlugins() throws Exception {
        Result plugins = theia.run("plugins");

        assertThat(plugins.exitCode()).isZero();
        assertThat(String.join("\n", plugins.output())).contains("theia-store-naive").contains("store:naive")
                .contains("theia-watcher").contains("source:file").contains("STARTED")
                .contains("theia-source-otlp").contains("source:otlp");
    }

    /** Configured plugin directories add to the distribution's plugins; they once replaced them. */
    @Test
    void configuredPluginDirectoriesAddToTheDistributionsPlugins() throws Exception {
        Path extra = Files.createDirectories(dir.resolve("my-plugins"));
        PluginArchive.memoryStore().writeTo(extra);
        Path config = Files.writeString(dir.resolve("theia.yaml"), "plugins:\n  directories: [" + extra + "]\n");

        for (Result plugins : List.of(theia.run("plugins", "--config", config.toString()),
                theia.run("plugins", "--plugins-dir", extra.toString()))) {
            assertThat(plugins.exitCode()).isZero();
            assertThat(String.join("\n", plugins.output())).contains("store:naive").contains("source:file")
                    .contains("store:memory");
        }
    }

    /** An agent configured by its file alone: no -c, no -f, and the file's forward.port is not overridden. */
    @Test
    void aWatcherRunsFromItsConfigurationFileAlone() throws Exception {
        ChildProcess collector = theia.start("collect", "-d", dir.resolve("data").toString(), "-H", "127.0.0.1", "-P",
                "0", "--set", "stateDir=" + dir.resolve("collector-state"));
        int port = awaitPort(collector);
        Path log = Files.createFile(dir.resolve("app.log"));
        Path agent = Files.writeString(dir.resolve("agent.yaml"), "forward: {host: 127.0.0.1, port: " + port
                + "}\nsources:\n  - {type: file, paths: ['" + log + "'], tags: [from-file], startAt: beginning}\n"
                + "stateDir: " + dir.resolve("agent-state") + "\n");
        theia.start("watch", "--config", agent.toString());
        append(log, List.of("configured by file"));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(theia.run("query", "-P", Integer.toString(port), "-t",
                "from-file", "-F", "{content}").output()).containsExactly("configured by file"));
    }

    /** Flags an agent cannot honour are refused; they were once silently overridden. */
    @Test
    void aWatcherRefusesAStoreOrAServer() throws Exception {
        Path log = Files.createFile(dir.resolve("app.log"));

        Result store = theia.run("watch", "-c", "127.0.0.1", "-f", log.toString(), "--store", "naive");
        Result server = theia.run("watch", "-c", "127.0.0.1", "-f", log.toString(), "--set", "server.enabled=true");
        Result nothing = theia.run("watch", "-f", log.toString());

        assertThat(store.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", store.errors())).contains("store.type").contains("an agent");
        assertThat(server.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", server.errors())).contains("server.enabled").contains("an agent");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(String.join("\n", nothing.errors())).contains("Give the collector (-c HOST)");
    }

    /** A watcher whose only source cannot start once logged a stack trace and kept running, doing nothing. */
    @Test
    void aWatcherWhoseOnlySourceCannotStartExitsWithOneClearLine() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("state-file"), "not a directory");
        Path log = Files.createFile(dir.resolve("app.log"));

        Result watch = theia.run("watch", "-c", "127.0.0.1", "-p", "1", "-f", log.toString(),
                "--set", "stateDir=" + notADirectory);

        assertThat(watch.exitCode()).isEqualTo(1);
        assertThat(watch.errors()).filteredOn(line -> line.startsWith("theia: ")).singleElement().asString()
                .startsWith("theia: no source could start: 'watch': ");
        assertThat(watch.errors()).noneMatch(line -> line.startsWith("\tat "));
    }

    @Test
    void queryWithoutACollectorFailsWithAClearMessage() throws Exception {
        Result result = theia.run("query", "-P", "1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", result.errors())).contains("theia:").contains("127.0.0.1:1");
    }

    /** A collector on a free port of 127.0.0.1, its data and state in the test's directory. */
    private ChildProcess startCollector() throws IOException {
        return theia.start("collect", "-d", dir.resolve("data").toString(), "-H", "127.0.0.1", "-P", "0",
                "--set", "stateDir=" + dir.resolve("state"));
    }

    private static int awaitPort(ChildProcess collector) {
        int[] port = new int[1];
        await().atMost(PATIENCE).until(() -> collector.output.stream().map(LISTENING::matcher)
                .filter(Matcher::find).peek(m -> port[0] = Integer.parseInt(m.group(1))).findFirst().isPresent());
        return port[0];
    }

    private static int stop(ChildProcess running) throws Exception {
        running.process.destroy();
        assertThat(running.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return running.process.exitValue();
    }

    private static void append(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
