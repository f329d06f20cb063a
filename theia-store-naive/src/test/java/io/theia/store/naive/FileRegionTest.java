package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The byte search on a mapped file finds what a naive search finds. */
class FileRegionTest {

    @TempDir
    Path dir;

    @Test
    void indexOfAgreesWithANaiveSearch() throws IOException {
        Random random = new Random(17);
        byte[] bytes = new byte[20_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) "abcab\n\u00e9"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)[random.nextInt(8)];
        }
        Path file = Files.write(dir.resolve("f"), bytes);
        try (FileRegion region = FileRegion.open(file)) {
            for (int n = 0; n < 3000; n++) {
                byte[] needle = new byte[1 + random.nextInt(5)];
                for (int i = 0; i < needle.length; i++) {
                    needle[i] = bytes[random.nextInt(bytes.length)];
                }
                int from = random.nextInt(bytes.length);
                int to = from + random.nextInt(bytes.length - from + 1);
                assertThat(region.indexOf(needle, from, to)).as("needle %d", n).isEqualTo(naive(bytes, needle, from, to));
            }
        }
    }

    private static long naive(byte[] bytes, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void bytesPastTheTailsStartAreReadFromTheTailNotTheFile() throws IOException {
        Path file = dir.resolve("tail");
        Files.writeString(file, "abcdefSTALE");
        BufferedTail tail = new BufferedTail(6, "ghij".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (FileRegion region = FileRegion.open(file, 10, tail)) {
            assertThat(region.length()).isEqualTo(10);
            byte[] read = new byte[6];
            region.read(4, read, 6);
            assertThat(new String(read, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("efghij");
            assertThat((char) region.byteAt(8)).isEqualTo('i');
            assertThat((char) region.byteAt(2)).isEqualTo('c');
            assertThat(region.indexOf("fgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 10)).isEqualTo(5);
            assertThat(new String(region.streamFrom(0).readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("abcdefghij");
        }
    }
}
