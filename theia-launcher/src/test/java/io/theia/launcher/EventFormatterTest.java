package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.event.Event;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFormatterTest {

    private static final Event EVENT = new Event("id-1", Instant.parse("2017-11-06T17:33:50Z"),
            "/dev/sensors/door1", List.of("sensors", "doors"), "Door has been unlocked.");

    private static String format(String template, Event event) {
        return new EventFormatter(template, DateTimeFormatter.ofPattern("yyyy"), false, false).format(event);
    }

    private static String format(String template) {
        return format(template, EVENT);
    }

    @Test
    void fillsTheOriginalsFields() {
        assertThat(format("{id} {timestamp} {source} {tags}: {content}"))
                .isEqualTo("id-1 2017 /dev/sensors/door1 sensors,doors: Door has been unlocked.");
    }

    @Test
    void padsAlignsAndCutsAsPythonsFormatSpecsDo() {
        // Expected values as Python's str.format gives them.
        assertThat(format("[{tags:15}]")).isEqualTo("[sensors,doors  ]");
        assertThat(format("[{tags:>15}]")).isEqualTo("[  sensors,doors]");
        assertThat(format("[{tags:^16}]")).isEqualTo("[ sensors,doors  ]");
        assertThat(format("[{tags:*^17}]")).isEqualTo("[**sensors,doors**]");
        assertThat(format("[{content:.4}]")).isEqualTo("[Door]");
        assertThat(format("[{content:>6.4}]")).isEqualTo("[  Door]");
        assertThat(format("[{id:6s}]")).isEqualTo("[id-1  ]");
        assertThat(format("[{id!s:<6}]")).isEqualTo("[id-1  ]");
        assertThat(format("[{source:3}]")).isEqualTo("[/dev/sensors/door1]");
        assertThat(format("{{{id}}}")).isEqualTo("{id-1}");
        assertThat(format("[{timestamp:15}] [{source:10}] {tags:15}: {content}"))
                .isEqualTo("[2017           ] [/dev/sensors/door1] sensors,doors  : Door has been unlocked.");
    }

    @Test
    void widthsCountCodePointsAsPythonDoes() {
        Event emoji = new Event("e", EVENT.timestamp(), "s", List.of(), "\uD83D\uDE00x");

        assertThat(format("[{content:4}]", emoji)).isEqualTo("[\uD83D\uDE00x  ]");
        assertThat(format("[{content:.1}]", emoji)).isEqualTo("[\uD83D\uDE00]");
    }

    @Test
    void refusesUnknownFieldsAndSpecsInsteadOfPrintingThemLiterally() {
        assertThatThrownBy(() -> format("{nope}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown field {nope}").hasMessageContaining("id, timestamp, source, tags, content");
        assertThatThrownBy(() -> format("{}")).hasMessageContaining("without a name");
        assertThatThrownBy(() -> format("{content")).hasMessageContaining("without its '}'");
        assertThatThrownBy(() -> format("content}")).hasMessageContaining("single '}'");
        assertThatThrownBy(() -> format("{content:d}")).hasMessageContaining("'d'");
        assertThatThrownBy(() -> format("{content:=5}")).hasMessageContaining("only for numbers");
        assertThatThrownBy(() -> format("{content!r}")).hasMessageContaining("!r");
        assertThatThrownBy(() -> format("{content:{id}}")).hasMessageContaining("nested");
        assertThatThrownBy(() -> format("{tags[0]}")).hasMessageContaining("unknown field {tags[0]}");
    }

    /** Content once printed raw: an ESC drove the terminal, a newline forged a line, a trailing one a blank line. */
    @Test
    void textLinesEscapeControlCharactersAndDropTheContentsLineEnd() {
        Event forging = new Event("e", EVENT.timestamp(), "s", List.of(), "ok\u001b[2J\u0007\n2017 [root] forged\n");

        assertThat(format("{content}", forging)).isEqualTo("ok\\e[2J\\x07\\n2017 [root] forged");
        assertThat(new EventFormatter("{content}", DateTimeFormatter.ISO_INSTANT, true, false).format(forging))
                .contains("\"content\":\"ok\\u001B[2J\\u0007\\n2017 [root] forged\\n\"");
    }

    @Test
    void coloursDoNotCountInTheWidth() {
        String line = new EventFormatter("{source:20}|", DateTimeFormatter.ofPattern("yyyy"), false, true)
                .format(EVENT);

        assertThat(line).isEqualTo("\u001b[33m/dev/sensors/door1  \u001b[0m|");
    }
}
