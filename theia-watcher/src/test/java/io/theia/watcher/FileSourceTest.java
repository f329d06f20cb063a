package io.theia.watcher;

import static io.theia.watcher.LogFiles.append;
import static io.theia.watcher.LogFiles.appendNumbered;
import static io.theia.watcher.LogFiles.appendRaw;
import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines to events: content, event fields, line endings, encodings, long lines, multi-line records, startAt. */
class FileSourceTest {

    /** A file that exists on every Linux host and that no one, root included, may open for reading. */
    private static final Path WRITE_ONLY = Path.of("/proc/sys/vm/compact_memory");

    @TempDir
    Path dir;

    /**
     * Lines read at one instant get timestamps 100 ns apart in file order, so any merge by time (a query over several
     * collectors, a federated store) keeps a file's order: the ids are random and cannot.
     */
    @Test
    void linesReadTogetherGetStrictlyIncreasingTimestampsInFileOrder() {
        Path log = dir.resolve("app.log");
        List<String> lines = appendNumbered(log, "line", 0, 500);
        try (RunningSource source = RunningSource.start(TestConfig.paths(log).startAt("beginning"), dir.resolve("state"))) {
            source.awaitInOrder(lines);

            List<Instant> stamps = source.sink().acknowledgedEvents().stream().map(Event::timestamp).toList();
            for (int i = 1; i < stamps.size(); i++) {
                assertThat(stamps.get(i)).as("line %d", i).isAfter(stamps.get(i - 1));
            }
            assertThat(java.time.Duration.between(stamps.get(0), stamps.get(stamps.size() - 1)))
                    .as("500 lines read in a few passes: a few steps of 100 ns, plus the time between passes")
                    .isLessThan(java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void everyLineBecomesOneEventWithTheFieldsOfTheOriginalWatcher() {
        Path log = dir.resolve("app.log");
        Instant before = Instant.now();
        try (RunningSource source = RunningSource.start(TestConfig.paths(log).tags("web", "prod"), dir.resolve("state"))) {
            List<String> lines = appendNumbered(log, "line", 0, 25);

            source.awaitInOrder(lines);

            Event event = source.sink().acknowledgedEvents().get(0);
            assertThat(UUID.fromString(event.id()).version()).isEqualTo(4);
            assertThat(event.source()).isEqualTo(log.toAbsolutePath().toString());
            assertThat(event.tags()).containsExactly("web", "prod", "test-host");
            assertThat(event.timestamp()).isBetween(before, Instant.now());
            assertThat(source.sink().acknowledgedEvents()).extracting(Event::id).doesNotHaveDuplicates();
        }
    }

    @Test
    void aPartialLastLineWaitsForItsEnd() throws Exception {
        Path log = dir.resolve("app.log");
        try (RunningSource source = RunningSource.start(TestConfig.paths(log), dir.resolve("state"))) {
            appendRaw(log, "first\nsecond, half".getBytes(StandardCharsets.UTF_8));
            source.awaitExactly(List.of("first"));

            appendRaw(log, " and the rest\nthird\n".getBytes(StandardCharsets.UTF_8));

            source.awaitInOrder(List.of("first", "second, half and the rest", "third"));
        }
    }

    @Test
    void crlfAndLfLineEndingsAreBothRemoved() {
        Path log = dir.resolve("win.log");
        try (RunningSource source = RunningSource.start(TestConfig.paths(log), dir.resolve("state"))) {
            appendRaw(log, "dos line\r\nunix line\n\r\nbare \r inside\r\n".getBytes(StandardCharsets.UTF_8));

            source.awaitInOrder(List.of("dos line", "unix line", "", "bare \r inside"));
        }
    }

    @Test
    void undecodableBytesAreReplacedAndReadingGoesOn() {
        Path log = dir.resolve("bad.log");
        try (RunningSource source = RunningSource.start(TestConfig.paths(log), dir.resolve("state"))) {
            appendRaw(log, new byte[] {'o', 'k', (byte) 0xFF, (byte) 0xFE, ' ', 'b', 'a', 'd', '\n',
                (byte) 0xC3, (byte) 0xA9, 't', (byte) 0xC3, '\n', 'n', 'e', 'x', 't', '\n'});

            source.awaitInOrder(List.of("ok\uFFFD\uFFFD bad", "\u00e9t\uFFFD", "next"));
        }
    }

    @Test
    void anotherEncodingIsDecoded() {
        Path log = dir.resolve("latin.log");
        try (RunningSource source = RunningSource.start(TestConfig.paths(log).encoding("ISO-8859-1"),
                dir.resolve("state"))) {
            appendRaw(log, new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});

            source.awaitInOrder(List.of("caf\u00e9"));
        }
    }

    @Test
    void overLongLinesAreSplitIntoTaggedPieces() {
        Path log = dir.resolve("long.log");
        String longLine = "x".repeat(250);
        String euros = "\u20ac".repeat(40); // 120 bytes: a cut at 100 would fall inside a character
        try (RunningSource source = RunningSource.start(TestConfig.paths(log).maxLineBytes(100),
                dir.resolve("state"))) {
            append(log, List.of("short", longLine, "x".repeat(100), euros, "after"));

            List<String> expected = List.of("short", "x".repeat(100), "x".repeat(100), "x".repeat(50),
                    "x".repeat(100), "\u20ac".repeat(33), "\u20ac".repeat(7), "after");
            source.awaitInOrder(expected);
            List<Event> events = source.sink().acknowledgedEvents();
            assertThat(events).extracting(event -> event.tags().contains(FileSourceConfig.SPLIT_TAG))
                    .containsExactly(false, true, true, true, false, true, true, false);
        }
    }

    @Test
    void multiLineRecordsAreJoinedAndTheLastIsFlushedAfterTheTimeout() {
        Path log = dir.resolve("trace.log");
        TestConfig config = TestConfig.paths(log).multiline("^\\d{4}-\\d\\d-\\d\\d ", Duration.ofMillis(300));
        try (RunningSource source = RunningSource.start(config, dir.resolve("state"))) {
            append(log, List.of("  orphan continuation", "2024-01-01 boom", "  at a.b(C.java:1)", "  at d.e(F.java:2)",
                    "2024-01-01 second", "  caused by: nothing"));

            source.awaitInOrder(List.of("  orphan continuation", "2024-01-01 boom\n  at a.b(C.java:1)\n  at d.e(F.java:2)",
                    "2024-01-01 second\n  caused by: nothing"));

            appendRaw(log, "2024-01-02 partial, never ended".getBytes(StandardCharsets.UTF_8));
            source.awaitExactly(List.of("  orphan continuation",
                    "2024-01-01 boom\n  at a.b(C.java:1)\n  at d.e(F.java:2)", "2024-01-01 second\n  caused by: nothing",
                    "2024-01-02 partial, never ended"));

            // The line break that finally ends the flushed partial line does not make an empty event.
            append(log, List.of("", "2024-01-03 later"));
            source.awaitExactly(List.of("  orphan continuation",
                    "2024-01-01 boom\n  at a.b(C.java:1)\n  at d.e(F.java:2)", "2024-01-01 second\n  caused by: nothing",
                    "2024-01-02 partial, never ended", "2024-01-03 later"));
        }
    }

    @Test
    void startAtEndSkipsWhatIsAlreadyThereAtTheFirstStartButNotAPartialLine() {
        Path log = dir.resolve("old.log");
        appendNumbered(log, "old", 0, 10);
        appendRaw(log, "being writ".getBytes(StandardCharsets.UTF_8));
        try (RunningSource source = RunningSource.start(TestConfig.paths(log).startAt("end"), dir.resolve("state"))) {
            source.awaitFollowing(log);
            appendRaw(log, "ten\n".getBytes(StandardCharsets.UTF_8));
            List<String> expected = new ArrayList<>(List.of("being written"));
            expected.addAll(appendNumbered(log, "new", 0, 5));

            source.awaitInOrder(expected);
        }
    }

    @Test
    void startAtBeginningReadsWhatIsAlreadyThere() {
        Path log = dir.resolve("old.log");
        List<String> lines = appendNumbered(log, "old", 0, 10);
        try (RunningSource source = RunningSource.start(TestConfig.paths(log).startAt("beginning"),
                dir.resolve("state"))) {
            source.awaitInOrder(lines);
        }
    }

    @Test
    void anUnreadableFileIsTriedAgainUntilItCanBeRead() throws Exception {
        Path locked = dir.resolve("logs/locked.log");
        Path open = dir.resolve("logs/open.log");
        List<String> expected = new ArrayList<>(appendNumbered(locked, "locked", 0, 5));
        expected.addAll(appendNumbered(open, "open", 0, 5));
        // Permissions stop an ordinary user; root (as CI runs) reads any file, so for root the path is first a
        // link to a file nobody may read: a kernel setting that is write-only (mode 0200) even for root.
        Files.setPosixFilePermissions(locked, Set.of());
        Path asideForRoot = dir.resolve("locked.aside");
        boolean root = Files.isReadable(locked);
        if (root) {
            assertThat(Files.isReadable(WRITE_ONLY)).as(WRITE_ONLY + " is there and unreadable").isFalse();
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(locked, asideForRoot);
            Files.createSymbolicLink(locked, WRITE_ONLY);
        }
        try (RunningSource source = RunningSource.start(TestConfig.paths(dir.resolve("logs/*.log")),
                dir.resolve("state"))) {
            source.awaitFollowing(open);
            assertThat(source.sink().contents()).as("nothing of the unreadable file").doesNotContain("locked-0");

            if (root) {
                Files.move(asideForRoot, locked, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-r--r--"));
            }

            source.awaitExactly(expected);
        }
    }

    @Test
    void aFileNameWithALineBreakBecomesASingleLineSource() {
        Path logs = dir.resolve("logs");
        Path odd = logs.resolve("odd\nname.log");
        try (RunningSource source = RunningSource.start(TestConfig.directories(logs), dir.resolve("state"))) {
            List<String> lines = appendNumbered(odd, "odd", 0, 3);

            source.awaitInOrder(lines);
            assertThat(source.sink().acknowledgedEvents()).extracting(Event::source)
                    .containsOnly(logs + "/odd\\nname.log");
        }
    }
}
