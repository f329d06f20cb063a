package io.theia.watcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link FileSourceConfig}s for tests, with quick timings: short poll, batch delay and rotated timeout. */
final class TestConfig {

    private final List<String> paths = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();
    private final List<String> exclude = new ArrayList<>();
    private List<String> tags = List.of();
    private String startAt = "beginning";
    private String encoding;
    private MultilineConfig multiline;
    private Integer maxLineBytes;
    private Path checkpointDir;
    private Duration pollInterval = Duration.ofMillis(200);
    private Integer batchSize = 100;
    private Duration batchDelay = Duration.ofMillis(10);
    private Integer maxInFlight = 4;
    private Duration rotatedFileTimeout = Duration.ofMillis(500);

    static TestConfig paths(Object... paths) {
        TestConfig config = new TestConfig();
        for (Object path : paths) {
            config.paths.add(path.toString());
        }
        return config;
    }

    static TestConfig directories(Path... directories) {
        TestConfig config = new TestConfig();
        config.directories.addAll(List.of(directories));
        return config;
    }

    TestConfig exclude(String... patterns) {
        exclude.addAll(List.of(patterns));
        return this;
    }

    TestConfig tags(String... values) {
        tags = List.of(values);
        return this;
    }

    TestConfig startAt(String value) {
        startAt = value;
        return this;
    }

    TestConfig encoding(String value) {
        encoding = value;
        return this;
    }

    TestConfig multiline(String startPattern, Duration timeout) {
        multiline = new MultilineConfig(startPattern, timeout);
        return this;
    }

    TestConfig maxLineBytes(int value) {
        maxLineBytes = value;
        return this;
    }

    TestConfig checkpointDir(Path value) {
        checkpointDir = value;
        return this;
    }

    TestConfig pollInterval(Duration value) {
        pollInterval = value;
        return this;
    }

    TestConfig batch(int size, Duration delay, int inFlight) {
        batchSize = size;
        batchDelay = delay;
        maxInFlight = inFlight;
        return this;
    }

    TestConfig rotatedFileTimeout(Duration value) {
        rotatedFileTimeout = value;
        return this;
    }

    FileSourceConfig build() {
        return new FileSourceConfig(paths, directories, exclude, tags, startAt, encoding, multiline, maxLineBytes,
                checkpointDir, pollInterval, batchSize, batchDelay, maxInFlight, rotatedFileTimeout);
    }
}
