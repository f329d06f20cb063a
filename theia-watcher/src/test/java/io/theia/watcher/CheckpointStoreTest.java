package io.theia.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.TheiaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    @Test
    void checkpointsSurviveReopeningEvenWithOddPaths() throws Exception {
        Checkpoint plain = new Checkpoint("(dev=1,ino=2)", Path.of("/var/log/app.log"), 1234);
        Checkpoint odd = new Checkpoint("path:/x\ty", Path.of("/logs/100%\tnew\nline.log"), 0);
        try (CheckpointStore store = CheckpointStore.open(dir, Runnable::run)) {
            assertThat(store.existedBefore()).isFalse();
            store.apply(Map.of(plain.fileKey(), plain, odd.fileKey(), odd), Set.of());
        }

        try (CheckpointStore store = CheckpointStore.open(dir, Runnable::run)) {
            assertThat(store.existedBefore()).isTrue();
            assertThat(store.all()).containsExactlyInAnyOrder(plain, odd);
            store.apply(Map.of(), Set.of(plain.fileKey()));
        }
        assertThat(CheckpointStore.read(dir)).containsOnlyKeys(odd.fileKey());
        try (var files = Files.list(dir)) {
            assertThat(files).extracting(path -> path.getFileName().toString())
                    .containsExactly(CheckpointStore.FILE_NAME);
        }
    }

    @Test
    void aDamagedFileIsReportedWithItsLine() throws Exception {
        Files.writeString(dir.resolve(CheckpointStore.FILE_NAME), "# header\n12\t(dev=1,ino=2)\t/a.log\nbroken\n");

        assertThatThrownBy(() -> CheckpointStore.open(dir, Runnable::run))
                .isInstanceOf(TheiaException.class)
                .hasMessageContaining(dir.resolve(CheckpointStore.FILE_NAME) + ", line 3 is damaged");
    }
}
