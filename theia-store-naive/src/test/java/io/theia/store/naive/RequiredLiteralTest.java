package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.api.testkit.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The literal prefilter is sound: whenever a pattern matches, its required literal is in the text. */
class RequiredLiteralTest {

    private static final String[] TOKENS = {"a", "b", "c", "ab", "\\.", ".", "*", "+", "?", "|", "(", ")", "[ab]",
        "[^a]", "^", "$", "\\d", "\\w", "{2}", "{0,1}", "(?i)", "(?:", "\\b", "é", "\\\\", "x", "\n", "[]a]"};

    @TempDir
    Path dataDir;

    @Test
    void extractsTheLongestRequiredRun() {
        assertThat(literal("ERROR.*timeout")).isEqualTo("timeout");
        assertThat(literal("disk full")).isEqualTo("disk full");
        assertThat(literal("ab*cdef")).isEqualTo("cdef");
        assertThat(literal("abc+d")).isEqualTo("abc");
        assertThat(literal("\\.conf(ig)?")).isEqualTo(".conf");
        assertThat(literal("x(abc)*yz")).isEqualTo("yz");
    }

    @Test
    void givesUpWhenUnsure() {
        assertThat(RequiredLiteral.of("error|warning")).isNull();
        assertThat(RequiredLiteral.of("(?i)error")).isNull();
        assertThat(RequiredLiteral.of("\\x41BC")).isNull();
        assertThat(RequiredLiteral.of("\\QERROR\\E")).isNull();
        assertThat(RequiredLiteral.of("[[:alpha:]]x")).isNull();
        assertThat(RequiredLiteral.of(".*")).isNull();
    }

    @Test
    void everyMatchContainsTheLiteralForRandomPatternsAndTexts() {
        Random random = new Random(99);
        int checked = 0;
        for (int p = 0; p < 20_000; p++) {
            StringBuilder regex = new StringBuilder();
            for (int t = 0, n = 1 + random.nextInt(7); t < n; t++) {
                regex.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex.toString());
            } catch (PatternSyntaxException e) {
                continue;
            }
            byte[] literal = RequiredLiteral.of(regex.toString());
            if (literal == null) {
                continue;
            }
            String needle = new String(literal, StandardCharsets.UTF_8);
            for (int s = 0; s < 30; s++) {
                String text = randomText(random);
                if (pattern.matcher(text).find()) {
                    checked++;
                    assertThat(text).as("pattern %s, literal %s", regex, needle).contains(needle);
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void prefilteredSearchReturnsWhatAPlainFilterReturns() {
        Random random = new Random(7);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(TestEvents.event("e" + i, random.nextInt(300), randomText(random)));
        }
        InMemoryEventStore reference = new InMemoryEventStore();
        reference.saveAll(events);
        try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
            store.saveAll(events);
            int compared = 0;
            for (int p = 0; p < 3000 && compared < 300; p++) {
                StringBuilder regex = new StringBuilder();
                for (int t = 0, n = 1 + random.nextInt(5); t < n; t++) {
                    regex.append(TOKENS[random.nextInt(TOKENS.length)]);
                }
                EventQuery query;
                try {
                    query = EventQuery.builder().content(regex.toString()).build();
                } catch (IllegalArgumentException e) {
                    continue;
                }
                compared++;
                assertThat(DataFiles.search(store, query)).as("%s", regex)
                        .containsExactlyInAnyOrderElementsOf(DataFiles.search(reference, query));
            }
            assertThat(compared).isEqualTo(300);
        }
    }

    private static String randomText(Random random) {
        String alphabet = "abcx.é\\ 1\n";
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = random.nextInt(12); i < n; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String literal(String regex) {
        return new String(RequiredLiteral.of(regex), StandardCharsets.UTF_8);
    }
}
