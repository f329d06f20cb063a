package io.theia.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time search and comparison agree with byte-by-byte ones, for every byte value and boundary. */
class ByteWordsTest {

    private final Random random = new Random(23);

    @Test
    void indexOfAgreesWithAPlainSearch() {
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = randomBytes(random.nextInt(40));
            byte wanted = n % 5 == 0 || bytes.length == 0 ? (byte) random.nextInt(256)
                    : bytes[random.nextInt(bytes.length)];
            int from = random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);

            assertThat(ByteWords.indexOf(bytes, wanted, from, to)).as("case %d", n)
                    .isEqualTo(plainIndexOf(bytes, wanted, from, to));
        }
    }

    @Test
    void equalAgreesWithArraysEquals() {
        for (int n = 0; n < 20_000; n++) {
            byte[] key = randomBytes(random.nextInt(30));
            byte[] bytes = randomBytes(key.length + random.nextInt(20));
            int from = random.nextInt(bytes.length - key.length + 1);
            if (random.nextBoolean()) {
                System.arraycopy(key, 0, bytes, from, key.length);
                if (key.length > 0 && random.nextBoolean()) {
                    bytes[from + random.nextInt(key.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(bytes.length - from + 1) : key.length;

            assertThat(ByteWords.equal(key, bytes, from, length)).as("case %d", n)
                    .isEqualTo(Arrays.equals(key, 0, key.length, bytes, from, from + length));
        }
    }

    /** Bytes drawn mostly from a few values (0, '\n', 0x80, 0xff), so that matches and borrows are common. */
    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        byte[] common = {0, '\n', ',', (byte) 0x80, (byte) 0xff, 1};
        for (int i = 0; i < length; i++) {
            bytes[i] = random.nextBoolean() ? common[random.nextInt(common.length)] : (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static int plainIndexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return to;
    }
}
