package io.theia.watcher;

import static io.theia.watcher.LogFiles.appendNumbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.testkit.RecordingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints advance only on acknowledgement; restarts and sink failures lose nothing. */
class FileCheckpointTest {

    private static final int BATCH = 50;
    private static final int IN_FLIGHT = 3;

    @TempDir
    Path dir;

    @Test
    void aRestartMidStreamLosesNothingAndRepeatsOnlyWhatWasNotAcknowledged() {
        Path log = dir.resolve("app.log");
        Path state = dir.resolve("state");
        TestConfig config = TestConfig.paths(log).batch(BATCH, Duration.ofMillis(10), IN_FLIGHT);
        List<String> written = new ArrayList<>(appendNumbered(log, "line", 0, 2_000));

        RecordingSink first = new RecordingSink();
        first.holdAfter(10);
        try (RunningSource source = RunningSource.start(config, state, first)) {
            // 10 deliveries acknowledged, then the window fills with held ones and reading pauses.
            await().atMost(RunningSource.PATIENCE).until(() -> first.heldContents().size() == IN_FLIGHT * BATCH);
            assertThat(first.acknowledgedEvents().size()).isEqualTo(10 * BATCH);
            written.addAll(appendNumbered(log, "line", 2_000, 500));
        }
        assertThat(first.contents()).hasSize(13 * BATCH);
        written.addAll(appendNumbered(log, "line", 2_500, 500));

        try (RunningSource source = RunningSource.start(config, state)) {
            List<String> second = new ArrayList<>();
            await().atMost(RunningSource.PATIENCE).untilAsserted(() -> {
                second.clear();
                second.addAll(source.sink().acknowledgedContents());
                List<String> all = new ArrayList<>(first.acknowledgedContents());
                all.addAll(second);
                assertThat(new HashSet<>(all)).isEqualTo(new HashSet<>(written));
            });
            Set<String> repeated = new HashSet<>(second);
            repeated.retainAll(first.contents());
            assertThat(repeated).as("repeated after the restart: exactly the unacknowledged deliveries")
                    .isEqualTo(new HashSet<>(first.heldContents()))
                    .hasSizeLessThanOrEqualTo(IN_FLIGHT * BATCH);
            assertThat(second).doesNotHaveDuplicates()
                    .hasSize(written.size() - first.acknowledgedEvents().size());
        }
    }

    @Test
    void whileTheSinkFailsReadingPausesTheCheckpointStaysAndNothingIsLostOnRecovery() throws Exception {
        Path log = dir.resolve("app.log");
        RecordingSink sink = new RecordingSink();
        TestConfig config = TestConfig.paths(log).batch(BATCH, Duration.ofMillis(10), IN_FLIGHT);
        try (RunningSource source = RunningSource.start(config, dir.resolve("state"), sink)) {
            List<String> written = new ArrayList<>(appendNumbered(log, "ok", 0, 100));
            source.awaitExactly(written);
            long acknowledgedSize = Files.size(log);
            await().atMost(RunningSource.PATIENCE).until(() -> Long.valueOf(acknowledgedSize)
                    .equals(source.checkpointOf(log)));

            sink.failing(true);
            written.addAll(appendNumbered(log, "during-outage", 0, 5_000));
            await().atMost(RunningSource.PATIENCE).until(() -> sink.failures() >= 5);

            Set<String> offeredDuringOutage = new HashSet<>(sink.contents());
            offeredDuringOutage.removeAll(written.subList(0, 100));
            assertThat(offeredDuringOutage).as("read while the sink fails: at most the in-flight window")
                    .hasSizeLessThanOrEqualTo(IN_FLIGHT * BATCH);
            assertThat(source.checkpointOf(log)).isEqualTo(acknowledgedSize);

            sink.failing(false);
            written.addAll(appendNumbered(log, "after", 0, 100));
            source.awaitExactly(written);
            await().atMost(RunningSource.PATIENCE).until(() -> Long.valueOf(Files.size(log))
                    .equals(source.checkpointOf(log)));
        }
    }

    @Test
    void aFileRotatedWhileTheSourceWasStoppedIsReadToItsEndAndItsSuccessorFromItsStart() throws Exception {
        Path log = dir.resolve("app.log");
        Path state = dir.resolve("state");
        TestConfig config = TestConfig.paths(log);
        List<String> written = new ArrayList<>(appendNumbered(log, "before", 0, 20));
        try (RunningSource source = RunningSource.start(config, state)) {
            source.awaitExactly(written);
            await().atMost(RunningSource.PATIENCE).until(() -> Long.valueOf(Files.size(log))
                    .equals(source.checkpointOf(log)));
        }
        List<String> later = new ArrayList<>(appendNumbered(log, "stopped", 0, 10));
        Files.move(log, dir.resolve("app.log.1"));
        later.addAll(appendNumbered(log, "successor", 0, 5));

        try (RunningSource source = RunningSource.start(config, state)) {
            source.awaitExactly(later);
            await().atMost(RunningSource.PATIENCE).until(() ->
                    CheckpointStore.read(state).size() == 1 && source.checkpointOf(log) != null);
        }
    }

    /** A source restarted with a narrower list of files once went on reading the file it was no longer given. */
    @Test
    void aFileDroppedFromTheSourcesPathsIsNotReadAfterARestart() {
        Path kept = dir.resolve("kept.log");
        Path dropped = dir.resolve("dropped.log");
        Path state = dir.resolve("state");
        List<String> first = new ArrayList<>(appendNumbered(kept, "kept", 0, 5));
        first.addAll(appendNumbered(dropped, "dropped", 0, 5));
        try (RunningSource source = RunningSource.start(TestConfig.paths(kept, dropped), state)) {
            source.awaitExactly(first);
            await().atMost(RunningSource.PATIENCE).until(() -> source.checkpointOf(dropped) != null
                    && source.checkpointOf(kept) != null);
        }
        appendNumbered(dropped, "dropped-later", 0, 5);
        List<String> later = appendNumbered(kept, "kept-later", 0, 5);

        try (RunningSource source = RunningSource.start(TestConfig.paths(kept), state)) {
            source.awaitExactly(later);
            await().atMost(RunningSource.PATIENCE).until(() -> CheckpointStore.read(state).size() == 1);
            assertThat(source.sink().acknowledgedContents()).noneMatch(line -> line.startsWith("dropped"));
        }
    }

    @Test
    void startAtEndAppliesOnlyToTheVeryFirstStart() {
        Path log = dir.resolve("app.log");
        Path state = dir.resolve("state");
        appendNumbered(log, "before-first-start", 0, 10);
        TestConfig config = TestConfig.paths(dir + "/*.log").startAt("end");
        try (RunningSource source = RunningSource.start(config, state)) {
            source.awaitFollowing(log);
        }
        List<String> expected = new ArrayList<>(appendNumbered(log, "while-stopped", 0, 10));
        expected.addAll(appendNumbered(dir.resolve("other.log"), "created-while-stopped", 0, 10));

        try (RunningSource source = RunningSource.start(config, state)) {
            source.awaitExactly(expected);
        }
    }
}
