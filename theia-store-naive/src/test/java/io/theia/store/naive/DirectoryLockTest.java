package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.event.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One data directory, one store: a second store, in this process or another, is refused. */
class DirectoryLockTest {

    @TempDir
    Path dataDir;

    @Test
    void aSecondStoreInTheSameProcessIsRefusedUntilTheFirstCloses() {
        Path lockFile = dataDir.resolve(".theia").resolve("lock");
        NaiveEventStore first = NaiveEventStore.open(NaiveStoreConfig.of(dataDir));
        try {
            first.save(event("a"));
            assertThatThrownBy(() -> NaiveEventStore.open(NaiveStoreConfig.of(dataDir)))
                    .isInstanceOfSatisfying(DataDirectoryLockedException.class, e -> {
                        assertThat(e.lockFile()).isEqualTo(lockFile);
                        assertThat(e.holder()).contains("pid " + ProcessHandle.current().pid());
                        assertThat(e.getMessage()).contains(lockFile.toString())
                                .contains("pid " + ProcessHandle.current().pid()).contains(" on host ");
                    });
            // the refused store did not release the first one's lock: a child process is still refused
            assertThat(refusalOfAChild()).contains("pid " + ProcessHandle.current().pid());
            first.save(event("b"));
        } finally {
            first.close();
        }
        try (NaiveEventStore again = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
            assertThat(DataFiles.ids(DataFiles.all(again))).containsExactly("a", "b");
        }
    }

    @Test
    void aLockThisProcessHoldsOutsideTheRegistryIsRefusedWithoutReleasingIt() throws Exception {
        // as when another class loader (another copy of the plugin) opened the directory: FileChannel locks are
        // per process, so the second tryLock throws OverlappingFileLockException
        Path lockFile = dataDir.resolve(".theia").resolve("lock");
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            assertThatThrownBy(() -> NaiveEventStore.open(NaiveStoreConfig.of(dataDir)))
                    .isInstanceOf(DataDirectoryLockedException.class).hasMessageContaining(lockFile.toString());

            assertThat(held.isValid()).isTrue();
            assertThat(refusalOfAChild()).as("the operating-system lock is still held")
                    .startsWith("refused DataDirectoryLockedException");
        }
        try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
            store.save(event("free again"));
        }
    }

    @Test
    void aStoreOpenInAnotherProcessIsNamedAndItsDeathFreesTheDirectory() throws Exception {
        Process holder = startHolder();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the holder opened the store").startsWith("open ");
            long pid = holder.pid();
            assertThatThrownBy(() -> NaiveEventStore.open(NaiveStoreConfig.of(dataDir)))
                    .isInstanceOf(DataDirectoryLockedException.class)
                    .hasMessageContaining("pid " + pid + " on host ")
                    .hasMessageContaining(dataDir.resolve(".theia").resolve("lock").toString());

            holder.destroyForcibly();
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(dataDir.resolve(".theia").resolve("lock"))).contains("pid " + pid);
            try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
                store.save(event("after"));
                assertThat(Files.readString(dataDir.resolve(".theia").resolve("lock")))
                        .contains("pid " + ProcessHandle.current().pid());
            }
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    /** Starts a child that tries to open the store, and returns what it said when refused. */
    private String refusalOfAChild() {
        try {
            Process child = startHolder();
            child.getOutputStream().close();
            String said = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("the child's exit status; it said: %s", said).isEqualTo(3);
            assertThat(said).startsWith("refused DataDirectoryLockedException: ");
            return said;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private Process startHolder() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StoreHolder.class.getName(),
                dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static Event event(String id) {
        return new Event(id, Instant.ofEpochSecond(1_700_000_000L), "/lock", List.of(), "content of " + id);
    }
}
