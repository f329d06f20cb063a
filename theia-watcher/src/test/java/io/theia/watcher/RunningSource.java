package io.theia.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.testkit.RecordingSink;
import io.theia.api.testkit.SourceHarness;
import io.theia.api.testkit.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;

/**
 * A file source started by the test kit's {@link SourceHarness} on a given state directory, with what the watcher's
 * tests wait for besides events: acknowledged contents and checkpoints. Closed by try-with-resources.
 */
final class RunningSource implements AutoCloseable {

    static final Duration PATIENCE = SourceHarness.PATIENCE;

    private final SourceHarness<FileSource> harness;
    private final Path checkpointDir;

    private RunningSource(SourceHarness<FileSource> harness, Path checkpointDir) {
        this.harness = harness;
        this.checkpointDir = checkpointDir;
    }

    static RunningSource start(TestConfig config, Path stateDirectory) {
        return start(config, stateDirectory, new RecordingSink());
    }

    static RunningSource start(TestConfig config, Path stateDirectory, RecordingSink sink) {
        return new RunningSource(SourceHarness.start(new FileSourceFactory(TestHost.SYSTEM), config.build(), sink,
                stateDirectory), stateDirectory);
    }

    RecordingSink sink() {
        return harness.sink();
    }

    /** Waits until the acknowledged contents are exactly these, in any order (each exactly once). */
    void awaitExactly(List<String> expected) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(sink().acknowledgedContents()).containsExactlyInAnyOrderElementsOf(expected));
    }

    /** Waits until the acknowledged contents are exactly these, in this order. */
    void awaitInOrder(List<String> expected) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(sink().acknowledgedContents()).containsExactlyElementsOf(expected));
    }

    /** Waits until a checkpoint of this file was written: the source follows it. */
    void awaitFollowing(Path file) {
        await().atMost(PATIENCE).until(() -> checkpointOf(file) != null);
    }

    /** The checkpointed offset of the file now at this path, or null. */
    Long checkpointOf(Path file) throws IOException {
        String key = FileIdentity.keyOf(file, Files.readAttributes(file, BasicFileAttributes.class));
        Checkpoint checkpoint = CheckpointStore.read(checkpointDir).get(key);
        return checkpoint == null ? null : checkpoint.offset();
    }

    @Override
    public void close() {
        harness.close();
    }
}
