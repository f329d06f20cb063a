package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.theia.api.store.EventQuery;
import io.theia.core.internal.server.CriteriaParser.Endpoint;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CriteriaParserTest {

    @Test
    void everyKeyIsRead() {
        EventQuery query = CriteriaParser.parse("""
                {"start": 1509989630.6749051, "end": 1509989700, "tags": ["web", "prod"],
                 "content": "ERROR.*timeout", "source": "^/var/log", "id": "^abc", "order": "desc", "limit": 10}
                """, Endpoint.FIND);

        assertThat(query).isEqualTo(EventQuery.builder()
                .start(Instant.ofEpochSecond(1_509_989_630L, 674_905_100))
                .end(Instant.ofEpochSecond(1_509_989_700L))
                .tags("web", "prod").content("ERROR.*timeout").source("^/var/log").id("^abc")
                .order(EventQuery.Order.DESC).limit(10).build());
    }

    @Test
    void emptyObjectAndNullValuesMeanNoCriteria() {
        assertThat(CriteriaParser.parse("{}", Endpoint.FIND)).isEqualTo(EventQuery.all());
        assertThat(CriteriaParser.parse("{\"start\": null, \"tags\": null, \"content\": null, \"order\": null}",
                Endpoint.LIVE)).isEqualTo(EventQuery.all());
    }

    @Test
    void timestampsAreExactDecimalsNeverDoubles() {
        // 0.1 + 0.2 style damage would show in the ninth digit; as a double this value is 1509989630.674905
        EventQuery query = CriteriaParser.parse("{\"start\": 1509989630.674905123, \"end\": 1.6e9}", Endpoint.FIND);
        assertThat(query.start()).contains(Instant.ofEpochSecond(1_509_989_630L, 674_905_123));
        assertThat(query.end()).contains(Instant.ofEpochSecond(1_600_000_000L));
        assertThat(CriteriaParser.parse("{\"start\": 0}", Endpoint.LIVE).start()).contains(Instant.EPOCH);
    }

    @Test
    void boundsFinerThanANanosecondAreRoundedInwards() {
        EventQuery query = CriteriaParser.parse("{\"start\": 10.0000000001, \"end\": 20.9999999999}",
                Endpoint.FIND);
        assertThat(query.start()).contains(Instant.ofEpochSecond(10, 1));
        assertThat(query.end()).contains(Instant.ofEpochSecond(20, 999_999_999));
    }

    @Test
    void liveAcceptsOrderButIgnoresIt() {
        assertThat(CriteriaParser.parse("{\"order\": \"desc\"}", Endpoint.LIVE).order())
                .isEqualTo(EventQuery.Order.ASC);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                              | criteria must be a JSON object such as {\"tags\": [\"web\"]}, not nothing",
        "{                               | criteria are not valid JSON",
        "`{\"start\": 1,}`               | criteria are not valid JSON",
        "`{} {}`                         | criteria are not valid JSON",
        "`[]`                            | criteria must be a JSON object such as {\"tags\": [\"web\"]}, not a list ([])",
        "`\"asc\"`                       | criteria must be a JSON object such as {\"tags\": [\"web\"]}, not a string",
        "`{\"start\": 1, \"start\": 2}`  | criteria are not valid JSON: Duplicate field 'start'",
        "`{\"Start\": 1}`                | unknown key 'Start' in criteria; allowed keys: content, end, id, limit, order, partial, source, start, tags",
        "`{\"start\": \"1509989630\"}`   | 'start' must be a number of seconds since the epoch, not a string (\"1509989630\")",
        "`{\"end\": true}`               | 'end' must be a number of seconds since the epoch, not a boolean (true)",
        "`{\"start\": -1}`               | 'start' must not be negative, not -1",
        "`{\"end\": 1e40}`               | 'end' is too large",
        "`{\"start\": 5, \"end\": 4.5}`  | invalid criteria: start 1970-01-01T00:00:05Z is after end 1970-01-01T00:00:04.500Z",
        "`{\"tags\": \"web\"}`           | 'tags' must be a list of strings, not a string (\"web\")",
        "`{\"tags\": [\"web\", 3]}`      | 'tags' must be a list of strings, but holds a number (3)",
        "`{\"content\": 42}`             | 'content' must be a regular expression (a string), not a number (42)",
        "`{\"content\": \"(\"}`          | invalid content pattern '('",
        "`{\"source\": \"[z-a]\"}`       | invalid source pattern '[z-a]'",
        "`{\"id\": \"\\\\\"}`            | invalid id pattern",
        "`{\"content\": \"(?<=x)y\"}`    | invalid content pattern",
        "`{\"order\": \"newest\"}`       | order must be 'asc' or 'desc', not 'newest'",
        "`{\"order\": 1}`                | 'order' must be \"asc\" or \"desc\", not a number (1)",
        "`{\"limit\": 0}`                | 'limit' must be a positive whole number, not a number (0)",
        "`{\"limit\": 2.5}`              | 'limit' must be a positive whole number, not a number (2.5)",
        "`{\"limit\": \"10\"}`           | 'limit' must be a positive whole number, not a string (\"10\")",
        "`{\"limit\": 99999999999999999999}` | 'limit' must be a positive whole number",
    })
    void badCriteriaForFindAreRefusedNamingTheProblem(String json, String message) {
        assertThatThrownBy(() -> CriteriaParser.parse(json == null ? "" : json, Endpoint.FIND))
                .isInstanceOf(CriteriaException.class)
                .hasMessageContaining(message);
    }

    @Test
    void numbersWithHugeExponentsAreReadWithoutArithmeticOnTheirScale() {
        // 1e-100000000 once pinned a server thread for minutes in BigDecimal.setScale.
        EventQuery query = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CriteriaParser.parse(
                "{\"start\": 1e-100000000, \"end\": 1e+2}", Endpoint.FIND));
        assertThat(query.start()).contains(Instant.ofEpochSecond(0, 1));
        assertThat(query.end()).contains(Instant.ofEpochSecond(100));
    }

    @Test
    void subNanosecondBoundsRoundInwards() {
        assertThat(CriteriaParser.parse("{\"start\": 0.0000000001}", Endpoint.FIND).start())
                .contains(Instant.ofEpochSecond(0, 1));
        assertThat(CriteriaParser.parse("{\"end\": 0.0000000009}", Endpoint.FIND).end()).contains(Instant.EPOCH);
        assertThat(CriteriaParser.parse("{\"start\": 0e-100000000}", Endpoint.FIND).start())
                .contains(Instant.EPOCH);
        assertThat(CriteriaParser.parse("{\"start\": 0.000000001}", Endpoint.FIND).start())
                .contains(Instant.ofEpochSecond(0, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"start\": 1e+1000000}", "{\"end\": 1e+1000000}",
        "{\"start\": 123456789012345678901234567890123456789012345678901234567890}"})
    void errorsQuoteOnlyAFewDozenCharactersOfTheInput(String json) {
        assertThatThrownBy(() -> CriteriaParser.parse(json, Endpoint.FIND))
                .isInstanceOf(CriteriaException.class)
                .hasMessageContaining("is too large")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(100));
    }

    @Test
    void aLongInvalidPatternIsNotEchoedBack() {
        String pattern = "(" + "x".repeat(4000);
        assertThatThrownBy(() -> CriteriaParser.parse("{\"content\": \"" + pattern + "\"}", Endpoint.FIND))
                .isInstanceOf(CriteriaException.class)
                .hasMessageStartingWith("invalid content pattern '(xxx")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    /** ((a{100}){100}){100} compiled to a million instructions; one level more ran the collector out of memory. */
    @Test
    void patternsBeyondTheLimitsAreRefusedBeforeTheyAreCompiled() {
        String nested = "{\"content\": \"((((a{1000}){1000}){1000}){1000})\"}";
        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> CriteriaParser.parse(nested, Endpoint.FIND)))
                .isInstanceOf(CriteriaException.class)
                .hasMessage("'content' pattern would compile to more than 100000 instructions (counted repetitions "
                        + "multiply); the limit is server.maxPatternProgram");
        assertThatThrownBy(() -> CriteriaParser.parse("{\"source\": \"" + "x".repeat(4097) + "\"}", Endpoint.LIVE))
                .isInstanceOf(CriteriaException.class)
                .hasMessage("'source' pattern is 4097 characters long; the limit is 4096 (server.maxPatternLength)");
        assertThat(CriteriaParser.parse("{\"id\": \"" + "x".repeat(40) + "\"}", Endpoint.FIND,
                new PatternLimits(40, 100)).id()).isPresent();
        assertThatThrownBy(() -> CriteriaParser.parse("{\"id\": \"(ab){60}\"}", Endpoint.FIND,
                new PatternLimits(40, 100))).hasMessageContaining("more than 100 instructions");
    }

    @Test
    void liveRefusesTheLimitExtension() {
        assertThatThrownBy(() -> CriteriaParser.parse("{\"limit\": 3}", Endpoint.LIVE))
                .isInstanceOf(CriteriaException.class)
                .hasMessage("unknown key 'limit' in criteria; allowed keys: content, end, id, order, partial, source, "
                        + "start, tags");
    }

    @Test
    void partialIsAnOptionalFlagOfFindAndLiveButNotOfTheHistogram() {
        assertThat(CriteriaParser.parse("{\"partial\": true}", Endpoint.FIND).partial()).isTrue();
        assertThat(CriteriaParser.parse("{\"partial\": true, \"tags\": [\"a\"]}", Endpoint.LIVE))
                .isEqualTo(EventQuery.builder().tags("a").partial(true).build());
        assertThat(CriteriaParser.parse("{\"partial\": false}", Endpoint.FIND)).isEqualTo(EventQuery.all());
        assertThat(CriteriaParser.parse("{\"partial\": null}", Endpoint.LIVE).partial()).isFalse();
        assertThatThrownBy(() -> CriteriaParser.parse("{\"partial\": 1}", Endpoint.FIND))
                .isInstanceOf(CriteriaException.class).hasMessage("'partial' must be true or false, not a number (1)");
        assertThatThrownBy(() -> CriteriaParser.parse("{\"partial\": true}", Endpoint.HISTOGRAM))
                .isInstanceOf(CriteriaException.class).hasMessageStartingWith("unknown key 'partial' in criteria");
    }
}
