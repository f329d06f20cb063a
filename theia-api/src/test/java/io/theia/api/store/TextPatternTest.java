package io.theia.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Query patterns keep RE2's semantics: unanchored search, linear time, no backtracking constructs. */
class TextPatternTest {

    @Test
    void findsAMatchAnywhereAndIsEqualByItsText() {
        TextPattern pattern = TextPattern.compile("err(or)?\\b");

        assertThat(pattern.find("an error here")).isTrue();
        assertThat(pattern.find("errand")).isFalse();
        assertThat(pattern.pattern()).isEqualTo("err(or)?\\b");
        assertThat(pattern).isEqualTo(TextPattern.compile("err(or)?\\b")).hasToString("err(or)?\\b");
        assertThat(pattern.hashCode()).isEqualTo(TextPattern.compile("err(or)?\\b").hashCode());
    }

    @Test
    void aPatternThatBacktracksExponentiallyElsewhereRunsInLinearTime() {
        TextPattern pattern = TextPattern.compile("^(a+)+$");
        String text = "a".repeat(100_000) + "b";

        long start = System.nanoTime();
        assertThat(pattern.find(text)).isFalse();
        // java.util.regex takes longer than the age of the universe here; RE2 a few milliseconds
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void backReferencesAndLookAroundsAreRefusedNamingTheFieldAndQuotingAtMost40Characters() {
        assertThatThrownBy(() -> TextPattern.compile("(a)\\1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid pattern '(a)\\1': ");
        assertThatThrownBy(() -> EventQuery.builder().content("(?=x)" + "y".repeat(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid content pattern '(?=x)" + "y".repeat(35) + "…': ");
    }
}
