package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appending through the buffer, and what a failed write leaves behind. */
class AppendTargetTest {

    private static final byte[] RECORD = "event: 9 7 2\nid:a\ntimestamp:1\nhi\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void recordsReachTheFileAfterItsExistingBytesWhenDrained() throws IOException {
        Path file = Files.write(dir.resolve("1-2"), "old\n".getBytes(StandardCharsets.US_ASCII));
        byte[] large = new byte[300 * 1024];
        try (AppendTarget target = new AppendTarget(file, 4)) {
            target.append(RECORD, 0, RECORD.length);
            assertThat(Files.size(file)).isEqualTo(4);
            target.append(large, 0, large.length);
            target.drain();
        }
        assertThat(Files.size(file)).isEqualTo(4 + RECORD.length + large.length);
    }

    @Test
    void aDrainThatFailsKeepsItsRecordsBufferedForTheNextAttempt() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full, where every write fails with 'no space left'");
        try (AppendTarget target = new AppendTarget(full, 0)) {
            target.append(RECORD, 0, RECORD.length);

            assertThatThrownBy(target::drain).isInstanceOf(IOException.class);
            assertThat(target.dirty()).as("nothing counted as handed to the OS").isFalse();
            assertThatThrownBy(target::drain).as("the records are still there to write")
                    .isInstanceOf(IOException.class);
        }
    }
}
