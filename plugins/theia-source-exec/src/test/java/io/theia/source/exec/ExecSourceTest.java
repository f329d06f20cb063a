package io.theia.source.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.TheiaException;
import io.theia.api.event.Event;
import io.theia.api.testkit.RecordingSink;
import io.theia.api.testkit.SourceHarness;
import io.theia.api.testkit.TestHost;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec source against a recording sink, with real child processes. */
class ExecSourceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ExecSourceFactory factory = new ExecSourceFactory(TestHost.SYSTEM);

    @Test
    void eachLineTheCommandPrintsIsAnEvent() {
        try (SourceHarness<ExecSource> run = SourceHarness.start(factory,
                new ExecSourceConfig(List.of("printf", "one\\ntwo two\\n\\nthree"), null, List.of("exec-test"),
                        null))) {
            List<Event> events = run.awaitEvents(4);
            assertThat(events).extracting(Event::content).containsExactly("one", "two two", "", "three");
            assertThat(events).allSatisfy(event -> {
                assertThat(event.tags()).containsExactly("exec-test", TestHost.NAME);
                assertThat(event.source()).isEqualTo("exec:test-source");
            });
        }
    }

    @Test
    void theInjectedHostNamesAndTimestampsTheEvents() {
        Instant noon = Instant.parse("2026-03-10T12:00:00Z");
        ExecSourceFactory onMachine = new ExecSourceFactory(
                new TestHost("machine-7", Clock.fixed(noon, ZoneOffset.UTC)));
        try (SourceHarness<ExecSource> run = SourceHarness.start(onMachine, ExecSourceConfig.once("echo", "hi"))) {
            assertThat(run.awaitEvents(1)).singleElement().satisfies(event -> {
                assertThat(event.tags()).containsExactly("machine-7");
                assertThat(event.timestamp()).isEqualTo(noon);
            });
        }
    }

    @Test
    void linesOnStandardErrorAreTaggedStderr() {
        try (SourceHarness<ExecSource> run = SourceHarness.start(factory,
                ExecSourceConfig.once("sh", "-c", "echo to-out; echo to-err >&2"))) {
            List<Event> events = run.awaitEvents(2);
            assertThat(events).filteredOn(event -> event.content().equals("to-err")).singleElement()
                    .satisfies(event -> assertThat(event.tags()).containsExactly(TestHost.NAME, "stderr"));
            assertThat(events).filteredOn(event -> event.content().equals("to-out")).singleElement()
                    .satisfies(event -> assertThat(event.tags()).containsExactly(TestHost.NAME));
        }
    }

    @Test
    void aLongRunningCommandIsStreamedLineByLineWhileItRuns() {
        try (SourceHarness<ExecSource> run = SourceHarness.start(factory,
                ExecSourceConfig.once("sh", "-c", "echo first; read never_comes; sleep 60"))) {
            assertThat(run.awaitEvents(1)).extracting(Event::content).containsExactly("first");
        }
    }

    @Test
    void withEveryTheCommandRunsAgainAndAgain() {
        try (SourceHarness<ExecSource> run = SourceHarness.start(factory,
                new ExecSourceConfig(List.of("echo", "tick"), Duration.ofMillis(100), null, null))) {
            assertThat(run.awaitEvents(3)).extracting(Event::content).containsOnly("tick");
        }
    }

    @Test
    void closingStopsTheCommandAndEverythingItStarted() {
        SourceHarness<ExecSource> run = SourceHarness.start(factory,
                ExecSourceConfig.once("sh", "-c", "sleep 300 & echo $!; echo $$; wait"));
        List<Event> events = run.awaitEvents(2);
        long child = Long.parseLong(events.get(0).content());
        long shell = Long.parseLong(events.get(1).content());
        assertThat(ProcessHandle.of(child)).hasValueSatisfying(handle -> assertThat(handle.isAlive()).isTrue());

        run.close();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(ProcessHandle.of(shell).filter(ProcessHandle::isAlive)).isEmpty();
        });
    }

    @Test
    void theCommandRunsInTheWorkingDirectory(@TempDir Path dir) {
        try (SourceHarness<ExecSource> run = SourceHarness.start(factory,
                new ExecSourceConfig(List.of("pwd"), null, null, dir))) {
            assertThat(Path.of(run.awaitEvents(1).get(0).content()).toAbsolutePath())
                    .isEqualTo(dir.toAbsolutePath());
        }
    }

    @Test
    void aCommandThatDoesNotExistFailsTheStartNamingSourceAndCommand() {
        assertThatThrownBy(() -> SourceHarness.start(factory, ExecSourceConfig.once("no-such-command-xyz", "-v")))
                .isInstanceOf(TheiaException.class)
                .hasMessageContaining("exec source 'test-source': cannot run [no-such-command-xyz, -v]")
                .hasMessageContaining("No such file or directory");
    }

    @Test
    void readingPausesWhileTheSinkIsBehind() {
        RecordingSink sink = new RecordingSink().withhold();
        try (SourceHarness<ExecSource> run = SourceHarness.start(factory, ExecSourceConfig.once("seq", "1", "500"),
                sink)) {
            run.awaitEvents(EventDelivery.MAX_IN_FLIGHT);
            // Nothing is acknowledged, so nothing beyond the bound may be offered, however long we look.
            await().during(Duration.ofMillis(300)).atMost(PATIENCE)
                    .until(() -> sink.events().size() == EventDelivery.MAX_IN_FLIGHT);

            sink.release();

            assertThat(run.awaitEvents(500)).extracting(Event::content).hasSize(500).startsWith("1", "2")
                    .endsWith("500");
        }
    }

    @Test
    void aFailingSinkDoesNotStopTheSource() {
        RecordingSink sink = new RecordingSink().failing(true);
        try (SourceHarness<ExecSource> run = SourceHarness.start(factory, ExecSourceConfig.once("seq", "1", "200"),
                sink)) {
            assertThat(run.awaitEvents(200)).hasSize(200);
        }
    }

    @Test
    void everyProblemOfTheSettingsIsReportedAtOnceNamingTheKey() {
        assertThatThrownBy(() -> new ExecSourceConfig(List.of(" "), Duration.ofSeconds(-1), List.of("a,b"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command: give the program to run")
                .hasMessageContaining("every: must be positive, not PT-1S")
                .hasMessageContaining("tags: 'a,b' is not a valid tag");
        assertThatThrownBy(() -> new ExecSourceConfig(null, null, null, null))
                .hasMessageContaining("command:");
        assertThat(Optional.of(ExecSourceConfig.once("true"))).hasValueSatisfying(config -> {
            assertThat(config.tags()).isEmpty();
            assertThat(config.every()).isNull();
        });
    }
}
