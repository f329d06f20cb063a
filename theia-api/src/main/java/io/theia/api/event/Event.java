package io.theia.api.event;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Something that happened at a specific time: a log line, a sensor reading, any text.
 *
 * <p>An event is identified by its {@code id} across the whole system, comes from a {@code source}, carries
 * an exact {@code timestamp}, any number of {@code tags} and free-form {@code content}. Extra header lines
 * that a producer attached are kept, in order, in {@code headers}.
 *
 * <p>Instances are immutable and thread-safe. The constructor validates every field and throws
 * {@link IllegalArgumentException} (or {@link NullPointerException} for a missing field) with a message
 * naming the event and the field, so that an event that exists can always be written:
 * <ul>
 *   <li>{@code id}: not empty or only spaces, a single line;</li>
 *   <li>{@code timestamp}: not before the epoch (data files are named by epoch seconds), not after the year 9999
 *       (the original's clients cannot show later times);</li>
 *   <li>{@code source}: a single line, may be empty;</li>
 *   <li>{@code tags}: each non-empty, without {@code ,} or a line break;</li>
 *   <li>{@code content}: any text, may be empty, may span lines;</li>
 *   <li>{@code headers}: names non-empty, without {@code :} or a line break, not one of {@code id},
 *       {@code timestamp}, {@code source}, {@code tags}; values a single line.</li>
 * </ul>
 *
 * @param id unique identifier, usually a random UUID
 * @param timestamp when the event happened, exact to the nanosecond
 * @param source where the event comes from, e.g. the path of a watched file
 * @param tags labels for filtering; an unmodifiable copy is kept
 * @param content the event's text
 * @param headers extra header lines, in order; an unmodifiable copy is kept
 */
public record Event(
        String id, Instant timestamp, String source, List<String> tags, String content, Map<String, String> headers) {

    /** Header names with a meaning of their own, which cannot be used as extra headers. */
    public static final Set<String> RESERVED_HEADERS = Set.of("id", "timestamp", "source", "tags");

    /** Validates and copies every field; see the class description for the rules. */
    public Event {
        Objects.requireNonNull(id, "event id is missing");
        if (id.isBlank()) {
            throw new IllegalArgumentException("event id must not be empty or only spaces");
        }
        requireSingleLine(id, id, "id");
        Objects.requireNonNull(timestamp, () -> "event " + id + ": timestamp is missing");
        if (timestamp.getEpochSecond() < 0) {
            throw new IllegalArgumentException("event " + id + ": timestamp " + timestamp + " is before the epoch");
        }
        if (timestamp.isAfter(Timestamps.LATEST)) {
            throw new IllegalArgumentException("event " + id + ": timestamp " + timestamp + " is after the year 9999");
        }
        Objects.requireNonNull(source, () -> "event " + id + ": source is missing");
        requireSingleLine(id, source, "source");
        Objects.requireNonNull(tags, () -> "event " + id + ": tags are missing");
        tags = List.copyOf(tags);
        for (String tag : tags) {
            if (tag.isEmpty()) {
                throw new IllegalArgumentException("event " + id + ": a tag must not be empty");
            }
            if (tag.indexOf(',') >= 0) {
                throw new IllegalArgumentException("event " + id + ": tag '" + tag + "' must not contain ','");
            }
            requireSingleLine(id, tag, "tag");
        }
        Objects.requireNonNull(content, () -> "event " + id + ": content is missing");
        Objects.requireNonNull(headers, () -> "event " + id + ": headers are missing");
        headers = headers.isEmpty() ? Map.of() : copyHeaders(id, headers);
    }

    /** An event with no extra headers. */
    public Event(String id, Instant timestamp, String source, List<String> tags, String content) {
        this(id, timestamp, source, tags, content, Map.of());
    }

    /**
     * A new event with a random UUID as id, happening now by the given clock (to the microsecond, so that it is
     * written with the original's seven fraction digits).
     */
    public static Event create(Clock clock, String source, List<String> tags, String content) {
        return new Event(UUID.randomUUID().toString(), Instant.now(clock).truncatedTo(ChronoUnit.MICROS),
                source, tags, content);
    }

    /** A new event with a random UUID as id, happening now; as the original {@code Event(id, source)} did. */
    public static Event create(String source, List<String> tags, String content) {
        return create(Clock.systemUTC(), source, tags, content);
    }

    /** This event with other content; every other field stays. */
    public Event withContent(String newContent) {
        return new Event(id, timestamp, source, tags, newContent, headers);
    }

    /** Whether this event carries every one of the given tags. */
    public boolean hasAllTags(List<String> required) {
        return tags.containsAll(required);
    }

    private static Map<String, String> copyHeaders(String id, Map<String, String> headers) {
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            Objects.requireNonNull(name, () -> "event " + id + ": a header name is missing");
            Objects.requireNonNull(value, () -> "event " + id + ": header '" + name + "' has no value");
            if (name.isEmpty() || name.indexOf(':') >= 0) {
                throw new IllegalArgumentException(
                        "event " + id + ": header name '" + name + "' must be non-empty and without ':'");
            }
            if (RESERVED_HEADERS.contains(name)) {
                throw new IllegalArgumentException(
                        "event " + id + ": '" + name + "' is a field of its own, not an extra header");
            }
            requireSingleLine(id, name, "header name");
            requireSingleLine(id, value, "header '" + name + "'");
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void requireSingleLine(String id, String value, String field) {
        int newline = value.indexOf('\n');
        int carriageReturn = value.indexOf('\r');
        if (newline >= 0 || carriageReturn >= 0) {
            int at = newline < 0 ? carriageReturn : carriageReturn < 0 ? newline : Math.min(newline, carriageReturn);
            throw new IllegalArgumentException(
                    "event " + id + ": " + field + " must be a single line, but has a line break at index " + at);
        }
    }
}
