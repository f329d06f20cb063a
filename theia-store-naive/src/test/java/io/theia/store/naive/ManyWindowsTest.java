package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.theia.api.event.Event;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events spread over many time windows: each window is a file, yet the store holds a bounded number of them open
 * (and so of buffers), forces every one of them before it is durable, and finds every event.
 */
class ManyWindowsTest {

    private static final int MAX_OPEN = 4;
    private static final int WINDOWS = 3000;
    private static final Path FD = Path.of("/proc/self/fd");

    @TempDir
    Path dataDir;

    /** Forces nothing (the test is about open files), remembering which files it was asked to force. */
    private final Set<Path> forced = ConcurrentHashMap.newKeySet();
    private final FileForcing forcing = new FileForcing() {
        @Override
        public void force(Path file, FileChannel channel) {
            forced.add(file);
        }

        @Override
        public void forceDirectory(Path directory, FileChannel channel) {
        }
    };

    @Test
    void oneEventPerWindowInOneBatchKeepsOpenFilesBounded() throws Exception {
        assumeTrue(Files.isDirectory(FD), "counts open files in /proc/self/fd");
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < WINDOWS; i++) {
            events.add(event(i));
        }
        long before = openFiles();
        try (NaiveEventStore store = open(Duration.ofHours(1))) {
            store.saveAll(events);
            assertThat(openFiles() - before).as("files open after %d windows", WINDOWS).isLessThanOrEqualTo(
                    2 * MAX_OPEN + 2);
            assertThat(DataFiles.all(store)).hasSize(WINDOWS);
        }
        assertThat(dataFiles()).hasSize(WINDOWS);
        assertThat(forced).as("every data file was forced").containsAll(dataFiles());
        try (NaiveEventStore store = open(Duration.ofHours(1))) {
            assertThat(DataFiles.all(store)).hasSize(WINDOWS);
            assertThat(store.get("e" + (WINDOWS - 1))).isEqualTo(event(WINDOWS - 1));
        }
    }

    @Test
    void eventByEventOverManyWindowsInEitherModeKeepsOpenFilesBounded() throws Exception {
        assumeTrue(Files.isDirectory(FD), "counts open files in /proc/self/fd");
        for (Duration flushInterval : List.of(Duration.ofHours(1), Duration.ZERO)) {
            long before = openFiles();
            try (NaiveEventStore store = open(flushInterval)) {
                int base = flushInterval.isZero() ? WINDOWS : 0;
                for (int i = base; i < base + WINDOWS / 3; i++) {
                    store.save(event(i));
                    if (i % 100 == 0) {
                        assertThat(openFiles() - before).as("files open after %d windows", i - base)
                                .isLessThanOrEqualTo(2 * MAX_OPEN + 2);
                    }
                }
                assertThat(store.get("e" + base)).isEqualTo(event(base));
            }
        }
        assertThat(forced).containsAll(dataFiles());
    }

    private NaiveEventStore open(Duration flushInterval) {
        return NaiveEventStore.open(new NaiveStoreConfig(dataDir, null, flushInterval, null, null, MAX_OPEN),
                Clock.systemUTC(), forcing);
    }

    private static Event event(int window) {
        return new Event("e" + window, Instant.ofEpochSecond(1_600_000_000L + 60L * window), "/windows",
                List.of("w"), "event of window " + window);
    }

    private List<Path> dataFiles() throws IOException {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(FD)) {
            return fds.count();
        }
    }
}
