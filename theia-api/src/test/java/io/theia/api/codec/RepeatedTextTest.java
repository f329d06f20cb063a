package io.theia.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The repeated-text cache always returns the text of the bytes asked for, and shares repeated strings. */
class RepeatedTextTest {

    private final RepeatedText repeated = new RepeatedText();

    @Test
    void returnsTheTextOfTheBytesEvenWhenSlotsCollide() {
        Random random = new Random(5);
        String[] words = {"a", "b", "ab", "ba", "host1", "host2", "h\u00e9te", "/var/log/app.log", "", "x".repeat(300)};
        for (int n = 0; n < 20_000; n++) {
            String word = words[random.nextInt(words.length)] + (random.nextInt(4) == 0 ? random.nextInt(50) : "");
            byte[] bytes = ("<" + word + ">").getBytes(StandardCharsets.UTF_8);

            assertThat(repeated.text(bytes, 1, bytes.length - 1)).isEqualTo(word);
        }
    }

    @Test
    void repeatedBytesGiveTheSameStringOnceAFewValuesWereRead() {
        byte[] bytes = "tags:web,web".getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < 8; n++) {
            assertThat(repeated.text(bytes, 5, 8)).isEqualTo("web");
        }

        assertThat(repeated.text(bytes, 9, 12)).isSameAs(repeated.text(bytes, 5, 8));
    }
}
