package io.theia.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;

/** A started file source with its recording sink, closed by try-with-resources. */
final class RunningSource implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final FileSource source;
    private final RecordingSink sink;
    private final Path checkpointDir;

    private RunningSource(FileSource source, RecordingSink sink, Path checkpointDir) {
        this.source = source;
        this.sink = sink;
        this.checkpointDir = checkpointDir;
    }

    static RunningSource start(TestConfig config, Path stateDirectory) {
        return start(config, stateDirectory, new RecordingSink());
    }

    static RunningSource start(TestConfig config, Path stateDirectory, RecordingSink sink) {
        FileSource source = (FileSource) new FileSourceFactory().create(config.build(),
                TestContext.of(sink, stateDirectory));
        source.start();
        return new RunningSource(source, sink, stateDirectory);
    }

    RecordingSink sink() {
        return sink;
    }

    /** Waits until the acknowledged contents are exactly these, in any order (each exactly once). */
    void awaitExactly(List<String> expected) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(sink.acknowledgedContents()).containsExactlyInAnyOrderElementsOf(expected));
    }

    /** Waits until the acknowledged contents are exactly these, in this order. */
    void awaitInOrder(List<String> expected) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(sink.acknowledgedContents()).containsExactlyElementsOf(expected));
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
        source.close();
    }
}
