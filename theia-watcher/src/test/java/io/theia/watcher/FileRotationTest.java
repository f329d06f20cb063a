package io.theia.watcher;

import static io.theia.watcher.LogFiles.appendNumbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tail -F} semantics: rotation by rename, copytruncate, deletion, files appearing and moving, many files. */
class FileRotationTest {

    @TempDir
    Path dir;

    @Test
    void renameRotationUnderContinuousWritesDeliversEveryLineExactlyOnce() throws Exception {
        Path log = dir.resolve("app.log");
        int rotations = 5;
        try (RunningSource source = RunningSource.start(TestConfig.paths(log).batch(200, Duration.ofMillis(10), 4),
                dir.resolve("state"));
                RotatingWriter writer = new RotatingWriter(log)) {
            writer.start();
            for (int rotation = 1; rotation <= rotations; rotation++) {
                // The source must have seen the current file before it is rotated away (as with tail -F): a line
                // written after the writer (re)opened it has been delivered.
                await().atMost(RunningSource.PATIENCE).until(() -> writer.reopenedAt() >= 0
                        && source.sink().acknowledgedEvents().size() > writer.reopenedAt() + 100);
                Files.move(log, dir.resolve("app.log." + rotation));
                writer.reopenSoon();
            }
            await().atMost(RunningSource.PATIENCE).until(() -> writer.reopenedAt() >= 0);
            writer.close();

            source.awaitExactly(LogFiles.numbered("w", 0, writer.written()));
            assertThat(writer.linesInRenamedFiles()).as("lines written to files already renamed")
                    .isEqualTo(rotations * RotatingWriter.LINES_AFTER_RENAME);
        }
    }

    @Test
    void copyTruncateStartsAgainAtTheBeginning() throws Exception {
        Path log = dir.resolve("app.log");
        try (RunningSource source = RunningSource.start(TestConfig.paths(log), dir.resolve("state"))) {
            List<String> expected = new ArrayList<>(appendNumbered(log, "before-truncation", 0, 100));
            source.awaitExactly(expected);

            Files.copy(log, dir.resolve("app.log.1"));
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            expected.addAll(appendNumbered(log, "after", 0, 10));

            source.awaitExactly(expected);
            await().atMost(RunningSource.PATIENCE).until(() -> Long.valueOf(Files.size(log)).equals(source.checkpointOf(log)));
        }
    }

    @Test
    void aDeletedAndRecreatedFileIsFinishedThenReadFromItsStart() throws Exception {
        Path log = dir.resolve("app.log");
        try (RunningSource source = RunningSource.start(TestConfig.paths(log), dir.resolve("state"))) {
            List<String> expected = new ArrayList<>(appendNumbered(log, "first", 0, 50));
            source.awaitExactly(expected);

            Files.delete(log);
            expected.addAll(appendNumbered(log, "second", 0, 30));

            source.awaitExactly(expected);
            assertThat(source.sink().acknowledgedEvents()).extracting(Event::source)
                    .containsOnly(log.toString());
        }
    }

    @Test
    void aFileThatAppearsAfterTheStartIsReadFromItsBeginningEvenWithStartAtEnd() {
        Path existing = dir.resolve("logs/existing.log");
        appendNumbered(existing, "skipped", 0, 5);
        try (RunningSource source = RunningSource.start(TestConfig.paths(dir.resolve("logs/*.log")).startAt("end"),
                dir.resolve("state"))) {
            source.awaitFollowing(existing);

            List<String> expected = appendNumbered(dir.resolve("logs/new.log"), "new", 0, 20);

            source.awaitExactly(expected);
        }
    }

    @Test
    void globsFindFilesAtAnyDepthIncludingOnesCreatedLaterAndHonourExclusions() {
        Path root = dir.resolve("root");
        List<String> expected = new ArrayList<>();
        expected.addAll(appendNumbered(root.resolve("top.log"), "top", 0, 3));
        expected.addAll(appendNumbered(root.resolve("a/mid.log"), "mid", 0, 3));
        expected.addAll(appendNumbered(root.resolve("a/b/c/deep.log"), "deep", 0, 3));
        appendNumbered(root.resolve("a/notes.txt"), "not-a-log", 0, 3);
        appendNumbered(root.resolve("a/secret.log"), "excluded", 0, 3);
        appendNumbered(root.resolve("skip/any.log"), "excluded-dir", 0, 3);
        TestConfig config = TestConfig.paths(root + "/**/*.log").exclude("secret.*", root + "/skip/**");
        try (RunningSource source = RunningSource.start(config, dir.resolve("state"))) {
            source.awaitExactly(expected);

            expected.addAll(appendNumbered(root.resolve("later/x/y/z/new.log"), "later", 0, 4));
            expected.addAll(appendNumbered(root.resolve("top.log"), "top", 3, 2));

            source.awaitExactly(expected);
        }
    }

    @Test
    void directoriesFollowEveryFileInThemAndAFileMovedWithinIsNotReadTwice() throws Exception {
        Path logs = dir.resolve("logs");
        List<String> expected = new ArrayList<>(appendNumbered(logs.resolve("a.log"), "a", 0, 10));
        expected.addAll(appendNumbered(logs.resolve("b.txt"), "b", 0, 10));
        appendNumbered(dir.resolve("logs/sub/c.log"), "not-recursive", 0, 10);
        try (RunningSource source = RunningSource.start(TestConfig.directories(logs), dir.resolve("state"))) {
            source.awaitExactly(expected);

            Files.move(logs.resolve("a.log"), logs.resolve("a.log.1"));
            expected.addAll(appendNumbered(logs.resolve("a.log.1"), "a", 10, 5));

            source.awaitExactly(expected);
            List<Event> events = source.sink().acknowledgedEvents();
            assertThat(events.get(events.size() - 1).source()).isEqualTo(logs.resolve("a.log.1").toString());
        }
    }

    @Test
    void twoHundredFilesAtOnce() {
        Path logs = dir.resolve("many");
        List<String> expected = new ArrayList<>();
        for (int file = 0; file < 200; file++) {
            expected.addAll(appendNumbered(logs.resolve("f" + file + ".log"), "f" + file, 0, 20));
        }
        try (RunningSource source = RunningSource.start(TestConfig.paths(logs + "/*.log"), dir.resolve("state"))) {
            source.awaitExactly(expected);

            for (int file = 0; file < 200; file++) {
                expected.addAll(appendNumbered(logs.resolve("f" + file + ".log"), "f" + file, 20, 5));
            }
            for (int file = 200; file < 220; file++) {
                expected.addAll(appendNumbered(logs.resolve("f" + file + ".log"), "f" + file, 0, 5));
            }

            source.awaitExactly(expected);
        }
    }

    /**
     * Appends numbered lines until closed, as an application logging to a file; told to reopen its file, it goes on
     * writing to the old (renamed) one for a few more lines first, as a real logger does until it notices.
     */
    private static final class RotatingWriter extends Thread implements AutoCloseable {

        static final int LINES_AFTER_RENAME = 20;

        private final Path log;
        private final AtomicInteger written = new AtomicInteger();
        private final AtomicInteger inRenamed = new AtomicInteger();
        private final AtomicBoolean reopenRequested = new AtomicBoolean();
        private volatile int reopenedAt;
        private volatile boolean stop;

        RotatingWriter(Path log) {
            super("rotating-writer");
            this.log = log;
        }

        @Override
        public void run() {
            try {
                OutputStream out = open();
                int sinceRequest = 0;
                for (int i = 0; !stop; i++) {
                    out.write(("w-" + i + "\n").getBytes(StandardCharsets.UTF_8));
                    written.incrementAndGet();
                    if (reopenRequested.get()) {
                        inRenamed.incrementAndGet();
                        if (++sinceRequest == LINES_AFTER_RENAME) {
                            out.close();
                            out = open();
                            reopenRequested.set(false);
                            reopenedAt = i + 1;
                            sinceRequest = 0;
                        }
                    }
                    if (i % 50 == 0) {
                        LockSupport.parkNanos(1_000_000);
                    }
                }
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int written() {
            return written.get();
        }

        /** The number of the first line written to the current file, or -1 while a reopen is pending. */
        int reopenedAt() {
            return reopenedAt;
        }

        void reopenSoon() {
            reopenedAt = -1;
            reopenRequested.set(true);
        }

        int linesInRenamedFiles() {
            return inRenamed.get();
        }

        private OutputStream open() throws IOException {
            return Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            join();
        }
    }
}
