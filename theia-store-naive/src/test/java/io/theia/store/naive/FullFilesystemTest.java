package io.theia.store.naive;

import static io.theia.store.naive.FailedWriteTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventNotFoundException;
import io.theia.api.store.EventWriteException;
import io.theia.api.store.EventsInDoubtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The naive store on a real full filesystem: a 1 MiB tmpfs the test mounts (it needs root and a kernel that lets
 * it mount; otherwise the test is skipped and {@link FailedWriteTest} and {@link FailingDiskTest}, which inject the
 * same faults, still run). Every event whose save failed is absent, in the open store and after reopening; every
 * event whose save returned is there.
 */
class FullFilesystemTest {

    private static final long SECOND = 1_700_000_000L;

    @TempDir
    Path temp;
    private Path mount;
    private boolean mounted;

    @BeforeEach
    void mountSmallFilesystem() throws Exception {
        mount = Files.createDirectory(temp.resolve("tmpfs"));
        int exit;
        try {
            Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
                    .redirectErrorStream(true).start();
            exit = process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            exit = -2;
        }
        Assumptions.assumeTrue(exit == 0, "cannot mount a tmpfs here (needs root and a kernel that allows it; "
                + "mount exited with " + exit + "): the full-disk behaviour is covered by injected faults only");
        mounted = true;
    }

    /** Space comes back: the filesystem grows to 16 MiB. */
    private void growFilesystem() throws Exception {
        Process process = new ProcessBuilder("mount", "-o", "remount,size=16m", mount.toString())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                fds.forEach(fd -> {
                    try {
                        Path target = Files.readSymbolicLink(fd);
                        assertThat(target.startsWith(mount)).as("open after the store closed: " + target).isFalse();
                    } catch (IOException e) {
                        // gone meanwhile
                    }
                });
            } finally {
                Process process = new ProcessBuilder("umount", "-l", mount.toString()).redirectErrorStream(true)
                        .start();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void synchronousSavesOnAFullDiskAreRefusedTruthfully() throws Exception {
        fillAndRecover(Duration.ZERO);
    }

    @Test
    void bufferedSavesOnAFullDiskAreRefusedTruthfullyAndTheStoreRecovers() throws Exception {
        fillAndRecover(Duration.ofMillis(100));
    }

    private void fillAndRecover(Duration flushInterval) throws Exception {
        Path dataDir = Files.createDirectory(mount.resolve("data"));
        List<String> accepted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        NaiveStoreConfig config = new NaiveStoreConfig(dataDir, null, flushInterval, null, null);
        try (NaiveEventStore store = NaiveEventStore.open(config)) {
            for (int batch = 0; refused.size() < 200 && batch < 2000; batch++) {
                List<Event> events = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    String id = "b" + batch + "-" + i;
                    // over four time windows, so that batches span files
                    events.add(new Event(id, Instant.ofEpochSecond(SECOND + (batch * 10L + i) % 240), "/full",
                            List.of(), "y".repeat(900)));
                }
                List<String> ids = events.stream().map(Event::id).toList();
                try {
                    store.saveAll(events);
                    accepted.addAll(ids);
                } catch (EventsInDoubtException e) {
                    throw new AssertionError("a tmpfs can always be cut back", e);
                } catch (EventWriteException e) {
                    assertThat(e).hasMessageNotContaining("already stored");
                    refused.addAll(ids);
                }
                if (!flushInterval.isZero() && refused.isEmpty()) {
                    store.whenDurable().toCompletableFuture().exceptionally(failure -> null).get();
                }
            }
            assertThat(refused).as("the filesystem filled up").isNotEmpty();
            assertThat(accepted).as("some saves went in before").isNotEmpty();
            if (!flushInterval.isZero()) {
                assertThat(store.problem()).as("a buffered store whose flushes fail says so").isPresent();
            }

            growFilesystem();
            if (!flushInterval.isZero()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> store.problem().isEmpty());
            }
            store.save(new Event("after", Instant.ofEpochSecond(SECOND), "/full", List.of(), "room again"));
            accepted.add("after");
            assertRefusedAbsent(store, refused);
            assertThat(ids(store)).containsExactlyInAnyOrderElementsOf(accepted);
        }
        try (NaiveEventStore store = NaiveEventStore.open(config)) {
            assertRefusedAbsent(store, refused);
            assertThat(ids(store)).containsExactlyInAnyOrderElementsOf(accepted);
        }
    }

    private static void assertRefusedAbsent(NaiveEventStore store, List<String> refused) {
        for (String id : refused) {
            assertThatThrownBy(() -> store.get(id)).as(id).isInstanceOf(EventNotFoundException.class);
        }
    }
}
