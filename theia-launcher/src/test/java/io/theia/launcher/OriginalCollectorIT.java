package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our distribution's {@code bin/theia} against the ORIGINAL Python collector, run as a child process on a free
 * port with a temporary data directory: the agent ({@code theia watch}) loses no line, {@code theia query} prints and
 * ends although the original never closes a search, and {@code theia simulate} stores its events. What the original
 * stored is read back with the original's own query client. Skipped, naming what is missing, where the original's
 * sources or Debian's python3-websockets / python3-watchdog are not there ({@link OriginalTheia}).
 */
class OriginalCollectorIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @RegisterExtension
    final BinTheia theia = new BinTheia(() -> dir, "INFO", PATIENCE);

    private OriginalTheia original;
    private int port;

    @BeforeEach
    void startTheOriginalCollector() throws Exception {
        original = OriginalTheia.locate();
        OriginalTheia.Collector collector = original.collector(dir.resolve("original-data"));
        theia.adopt(collector.process());
        port = collector.port();
    }

    @Test
    void theAgentLosesNoLineAcrossAppendsAndARestart() throws Exception {
        Path log = dir.resolve("app.log");
        List<String> lines = lines("first", 40);
        ChildProcess agent = watchUntilStored(log, lines);

        List<String> appended = lines("appended", 15);
        append(log, appended);
        awaitStored(appended);

        assertThat(agent.stop()).isZero();
        List<String> whileStopped = lines("stopped", 10);
        append(log, whileStopped);
        ChildProcess again = watch(log);
        List<String> afterRestart = lines("restarted", 10);
        append(log, afterRestart);

        List<String> all = new ArrayList<>(lines);
        all.addAll(appended);
        all.addAll(whileStopped);
        all.addAll(afterRestart);
        awaitStored(all);
        assertThat(again.errors).anyMatch(line -> line.contains("does not acknowledge"));
        assertThat(again.stop()).isZero();
    }

    @Test
    void queryPrintsTheEventsAndEndsAfterTheCloseTimeout() throws Exception {
        List<String> lines = lines("queried", 20);
        watchUntilStored(dir.resolve("app.log"), lines).stop();

        ChildProcess query = queryAll("2");

        assertThat(query.ended(PATIENCE)).as("query ended").isTrue();
        assertThat(query.process.exitValue()).isZero();
        assertThat(query.output).containsAll(lines);
        assertThat(query.errors).anyMatch(line -> line.contains("did not close the search"));

        ChildProcess patient = queryAll("600");
        await().atMost(PATIENCE).until(() -> patient.output.containsAll(lines));
        assertThat(patient.process.isAlive()).as("printed while the search is still open").isTrue();
    }

    @Test
    void simulateStoresItsEventsAndEnds() throws Exception {
        ChildProcess simulate = theia.start("simulate", "-P", Integer.toString(port), "-n", "300", "-t", "simorig",
                "--content", "simulated event");

        assertThat(simulate.ended(PATIENCE)).as("simulate ended").isTrue();
        assertThat(simulate.process.exitValue()).as(String.join("\n", simulate.errors)).isZero();
        assertThat(simulate.output).singleElement().asString().startsWith("pushed 300 events")
                .contains("best effort");
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(original.query(port, 2, "-a", "1", "-t", "simorig", "-F", "{content}"))
                        .hasSize(300).containsOnly("simulated event"));
    }

    /** Appends {@code lines} to {@code log}, starts an agent following it and waits until the original stored them. */
    private ChildProcess watchUntilStored(Path log, List<String> lines) throws IOException {
        append(log, lines);
        ChildProcess agent = watch(log);
        awaitStored(lines);
        return agent;
    }

    private void awaitStored(List<String> lines) {
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(original.query(port, 2, "-a", "1", "-F", "{content}")).containsAll(lines));
    }

    private ChildProcess watch(Path log) throws IOException {
        return theia.start("watch", "-c", "127.0.0.1", "-p", Integer.toString(port), "-f", log.toString(),
                "-t", "fromagent", "--from-beginning", "--set", "stateDir=" + dir.resolve("agent-state"));
    }

    /** {@code theia query} of everything, printing the content, with {@code --close-timeout closeTimeout}. */
    private ChildProcess queryAll(String closeTimeout) throws IOException {
        return theia.start("query", "-P", Integer.toString(port), "-a", "1", "--close-timeout", closeTimeout,
                "-F", "{content}");
    }

    private static List<String> lines(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + " line " + i).toList();
    }

    private static void append(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
