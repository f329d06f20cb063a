package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void escapesEveryControlCharacterButTab() {
        assertThat(ControlCharacters.escape("a\u001b[31mred\u0007\n[fake] line\r\u0000\u007f\u009b\tend"))
                .isEqualTo("a\\e[31mred\\x07\\n[fake] line\\r\\x00\\x7f\\x9b\tend");
    }

    @Test
    void leavesPlainTextAlone() {
        String plain = "C:\\logs\\app.log: caf\u00e9 \uD83D\uDE00";

        assertThat(ControlCharacters.escape(plain)).isSameAs(plain);
    }

    @Test
    void dropsOnlyTheLineEndsAtTheEnd() {
        assertThat(ControlCharacters.withoutTrailingLineEnds("one\ntwo\r\n\n")).isEqualTo("one\ntwo");
        assertThat(ControlCharacters.withoutTrailingLineEnds("\n")).isEmpty();
        assertThat(ControlCharacters.withoutTrailingLineEnds("none")).isEqualTo("none");
    }
}
