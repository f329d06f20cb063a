package io.theia.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTest {

    private static final Instant TIME = Instant.ofEpochSecond(1509989630, 674_905_100);

    @Test
    void keepsEveryField() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("b", "2");
        headers.put("a", "1");

        Event event = new Event("id-1", TIME, "/dev/door", List.of("home", "door"), "line 1\nline 2", headers);

        assertThat(event.id()).isEqualTo("id-1");
        assertThat(event.timestamp()).isEqualTo(TIME);
        assertThat(event.source()).isEqualTo("/dev/door");
        assertThat(event.tags()).containsExactly("home", "door");
        assertThat(event.content()).isEqualTo("line 1\nline 2");
        assertThat(event.headers()).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
    }

    @Test
    void keepsItsOwnUnmodifiableCopiesOfTagsAndHeaders() {
        List<String> tags = new ArrayList<>(List.of("a"));
        Map<String, String> headers = new LinkedHashMap<>(Map.of("h", "v"));
        Event event = new Event("id", TIME, "", tags, "", headers);

        tags.add("b");
        headers.put("g", "w");

        assertThat(event.tags()).containsExactly("a");
        assertThat(event.headers()).containsExactly(Map.entry("h", "v"));
        assertThatThrownBy(() -> event.tags().add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.headers().put("c", "d")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void allowsEmptySourceContentAndTags() {
        Event event = new Event("id", Instant.EPOCH, "", List.of(), "");

        assertThat(event.source()).isEmpty();
        assertThat(event.tags()).isEmpty();
        assertThat(event.content()).isEmpty();
        assertThat(event.headers()).isEmpty();
    }

    @Test
    void rejectsAnEmptyId() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Event("", TIME, "s", List.of(), ""))
                .withMessage("event id must not be empty or only spaces");
    }

    @Test
    void rejectsMissingFieldsNamingThem() {
        assertThatNullPointerException().isThrownBy(() -> new Event(null, TIME, "s", List.of(), ""))
                .withMessage("event id is missing");
        assertThatNullPointerException().isThrownBy(() -> new Event("e", null, "s", List.of(), ""))
                .withMessage("event e: timestamp is missing");
        assertThatNullPointerException().isThrownBy(() -> new Event("e", TIME, null, List.of(), ""))
                .withMessage("event e: source is missing");
        assertThatNullPointerException().isThrownBy(() -> new Event("e", TIME, "s", null, ""))
                .withMessage("event e: tags are missing");
        assertThatNullPointerException().isThrownBy(() -> new Event("e", TIME, "s", List.of(), null))
                .withMessage("event e: content is missing");
        assertThatNullPointerException().isThrownBy(() -> new Event("e", TIME, "s", List.of(), "", null))
                .withMessage("event e: headers are missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab\ncd", "ab\rcd"})
    void rejectsALineBreakInTheId(String id) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Event(id, TIME, "s", List.of(), ""))
                .withMessageEndingWith(": id must be a single line, but has a line break at index 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/log\n", "/var/log\r"})
    void rejectsALineBreakInTheSource(String source) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Event("e", TIME, source, List.of(), ""))
                .withMessage("event e: source must be a single line, but has a line break at index 8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\nx", "\rx"})
    void rejectsALineBreakInATag(String tag) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Event("e", TIME, "s", List.of("ok", tag), ""))
                .withMessage("event e: tag must be a single line, but has a line break at index 0");
    }

    @Test
    void rejectsACommaInATag() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Event("e", TIME, "s", List.of("a,b"), ""))
                .withMessage("event e: tag 'a,b' must not contain ','");
    }

    @Test
    void rejectsAnEmptyTag() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Event("e", TIME, "s", List.of("a", ""), ""))
                .withMessage("event e: a tag must not be empty");
    }

    @Test
    void rejectsANullTag() {
        List<String> tags = new ArrayList<>();
        tags.add(null);
        assertThatNullPointerException().isThrownBy(() -> new Event("e", TIME, "s", tags, ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "timestamp", "source", "tags"})
    void rejectsReservedNamesAsExtraHeaders(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Event("e", TIME, "s", List.of(), "", Map.of(name, "v")))
                .withMessage("event e: '" + name + "' is a field of its own, not an extra header");
    }

    @Test
    void acceptsReservedNamesInAnotherCaseAsExtraHeaders() {
        Event event = new Event("e", TIME, "s", List.of(), "", Map.of("ID", "v"));

        assertThat(event.headers()).containsExactly(Map.entry("ID", "v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a:b", ":"})
    void rejectsEmptyHeaderNamesAndNamesWithAColon(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Event("e", TIME, "s", List.of(), "", Map.of(name, "v")))
                .withMessage("event e: header name '" + name + "' must be non-empty and without ':'");
    }

    @Test
    void rejectsALineBreakInAHeaderName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Event("e", TIME, "s", List.of(), "", Map.of("a\nb", "v")))
                .withMessage("event e: header name must be a single line, but has a line break at index 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"one\ntwo", "one\rtwo"})
    void rejectsALineBreakInAHeaderValue(String value) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Event("e", TIME, "s", List.of(), "", Map.of("note", value)))
                .withMessage("event e: header 'note' must be a single line, but has a line break at index 3");
    }

    @Test
    void acceptsLineBreaksInTheContent() {
        assertThat(new Event("e", TIME, "s", List.of(), "a\r\nb\n").content()).isEqualTo("a\r\nb\n");
    }

    @Test
    void rejectsATimestampBeforeTheEpoch() {
        Instant justBefore = Instant.EPOCH.minusNanos(1);

        assertThatIllegalArgumentException().isThrownBy(() -> new Event("e", justBefore, "s", List.of(), ""))
                .withMessage("event e: timestamp 1969-12-31T23:59:59.999999999Z is before the epoch");
        assertThat(new Event("e", Instant.EPOCH, "s", List.of(), "").timestamp()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void createGivesARandomUuidAndTheClockTimeTruncatedToMicroseconds() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1509989630, 674_905_987), ZoneOffset.UTC);

        Event first = Event.create(clock, "/dev/door", List.of("home"), "opened");
        Event second = Event.create(clock, "/dev/door", List.of("home"), "opened");

        assertThat(first.timestamp()).isEqualTo(Instant.ofEpochSecond(1509989630, 674_905_000));
        UUID id = UUID.fromString(first.id());
        assertThat(id.toString()).isEqualTo(first.id());
        assertThat(id.version()).isEqualTo(4);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(first.source()).isEqualTo("/dev/door");
        assertThat(first.tags()).containsExactly("home");
        assertThat(first.content()).isEqualTo("opened");
        assertThat(first.headers()).isEmpty();
    }

    @Test
    void createWithTheSystemClockUsesTheCurrentTime() {
        Instant before = Instant.now().minusSeconds(1);

        Event event = Event.create("s", List.of(), "c");

        assertThat(event.timestamp()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(event.timestamp().getNano() % 1000).isZero();
    }

    @Test
    void withContentKeepsEveryOtherField() {
        Event event = new Event("e", TIME, "s", List.of("t"), "old", Map.of("h", "v"));

        Event changed = event.withContent("new");

        assertThat(changed).isEqualTo(new Event("e", TIME, "s", List.of("t"), "new", Map.of("h", "v")));
    }

    @Test
    void hasAllTagsRequiresEveryListedTag() {
        Event event = new Event("e", TIME, "s", List.of("a", "b", "c"), "");

        assertThat(event.hasAllTags(List.of())).isTrue();
        assertThat(event.hasAllTags(List.of("c", "a"))).isTrue();
        assertThat(event.hasAllTags(List.of("a", "d"))).isFalse();
    }
}
