package io.theia.api.store;

import io.theia.api.codec.EventHeader;
import io.theia.api.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What to find: criteria on events and the order and number of results.
 *
 * <ul>
 *   <li>{@code start}, {@code end}: inclusive bounds on the timestamp, exact to the nanosecond; either may be
 *       absent;</li>
 *   <li>{@code tags}: the event must carry all of them (exact match);</li>
 *   <li>{@code content}, {@code source}, {@code id}: regular expressions ({@link TextPattern}: RE2 syntax, run
 *       in linear time) that must match somewhere in the value, not anchored;</li>
 *   <li>{@code order}: ascending (default) or descending by timestamp;</li>
 *   <li>{@code limit}: the most results to return (default: no limit);</li>
 *   <li>{@code partial}: whether a store that answers for several parts (peer collectors) may leave out a part it
 *       cannot reach, telling the caller through {@link Builder#noticesTo} (default: no, such a query fails).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; built with {@link #builder()}. An absent criterion matches every event.
 */
public final class EventQuery {

    /** The order of search results by timestamp. */
    public enum Order {
        /** Oldest first. */
        ASC,
        /** Newest first. */
        DESC;

        /**
         * Parses {@code asc} or {@code desc}, in any case.
         *
         * @throws IllegalArgumentException naming the text otherwise
         */
        public static Order parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "asc" -> ASC;
                case "desc" -> DESC;
                default -> throw new IllegalArgumentException("order must be 'asc' or 'desc', not '" + text + "'");
            };
        }
    }

    private static final EventQuery ALL = builder().build();

    private final Instant start;
    private final Instant end;
    private final List<String> tags;
    private final TextPattern content;
    private final TextPattern source;
    private final TextPattern id;
    private final Order order;
    private final long limit;
    private final boolean partial;
    private final BooleanSupplier cancelled;
    private final Consumer<PartialNotice> notices;

    private EventQuery(Builder builder) {
        this.start = builder.start;
        this.end = builder.end;
        this.tags = List.copyOf(builder.tags);
        this.content = builder.content;
        this.source = builder.source;
        this.id = builder.id;
        this.order = builder.order;
        this.limit = builder.limit;
        this.partial = builder.partial;
        this.cancelled = builder.cancelled;
        this.notices = builder.notices;
    }

    /** A query that matches every event, oldest first. */
    public static EventQuery all() {
        return ALL;
    }

    /** A builder with no criteria, ascending order and no limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this query's settings. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.start = start;
        builder.end = end;
        builder.tags.addAll(tags);
        builder.content = content;
        builder.source = source;
        builder.id = id;
        builder.order = order;
        builder.limit = limit;
        builder.partial = partial;
        builder.cancelled = cancelled;
        builder.notices = notices;
        return builder;
    }

    /** The inclusive lower bound on the timestamp, if any. */
    public Optional<Instant> start() {
        return Optional.ofNullable(start);
    }

    /** The inclusive upper bound on the timestamp, if any. */
    public Optional<Instant> end() {
        return Optional.ofNullable(end);
    }

    /** The tags an event must all carry; empty for any. */
    public List<String> tags() {
        return tags;
    }

    /** The pattern the content must contain a match of, if any. */
    public Optional<TextPattern> content() {
        return Optional.ofNullable(content);
    }

    /** The pattern the source must contain a match of, if any. */
    public Optional<TextPattern> source() {
        return Optional.ofNullable(source);
    }

    /** The pattern the id must contain a match of, if any. */
    public Optional<TextPattern> id() {
        return Optional.ofNullable(id);
    }

    /** The order of results by timestamp. */
    public Order order() {
        return order;
    }

    /** The most results to return; {@link Long#MAX_VALUE} for no limit. */
    public long limit() {
        return limit;
    }

    /**
     * Whether the caller accepts partial results: a store that answers for several parts (the {@code federated}
     * store, one part per peer collector) may then leave out the results of a part it cannot reach, or that fails
     * part way, and reports it to the {@linkplain Builder#noticesTo notice consumer} ({@link #report}) instead of
     * failing the whole query. Stores with one part ignore it. Without it, such a store fails the query with an
     * {@link EventReadException} naming the part: a partial answer is never passed off as complete.
     */
    public boolean partial() {
        return partial;
    }

    /**
     * Tells the caller that parts of the answer are missing (or, for a live subscription, that parts are back):
     * hands {@code notice} to the consumer set with {@link Builder#noticesTo}, if any. For stores that leave parts
     * out, which they may only when {@link #partial()} is set; may be called from any thread.
     */
    public void report(PartialNotice notice) {
        if (notices != null) {
            notices.accept(notice);
        }
    }

    /** Whether a timestamp lies within {@code start} and {@code end}, inclusive. */
    public boolean inRange(Instant timestamp) {
        return (start == null || !timestamp.isBefore(start)) && (end == null || !timestamp.isAfter(end));
    }

    /** Whether the query has a content criterion, so that matching needs the content. */
    public boolean needsContent() {
        return content != null;
    }

    /**
     * Whether an event matches every criterion.
     *
     * @throws SearchCancelledException once the query's cancellation signal is set
     */
    public boolean matches(Event event) {
        return matchesHeader(event.id(), event.timestamp(), event.source(), event.tags())
                && matchesContent(event.content());
    }

    /**
     * Whether a header read without its content matches every criterion but the content's.
     *
     * @throws SearchCancelledException once the query's cancellation signal is set
     */
    public boolean matchesHeader(EventHeader header) {
        return matchesHeader(header.id(), header.timestamp(), header.source(), header.tags());
    }

    /** Whether content matches the content criterion (always, when there is none). */
    public boolean matchesContent(String text) {
        return content == null || content.find(text);
    }

    private boolean matchesHeader(String eventId, Instant timestamp, String eventSource, List<String> eventTags) {
        if (cancelled != null && cancelled.getAsBoolean()) {
            throw new SearchCancelledException();
        }
        return inRange(timestamp)
                && (tags.isEmpty() || eventTags.containsAll(tags))
                && (source == null || source.find(eventSource))
                && (id == null || id.find(eventId));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventQuery that
                && Objects.equals(start, that.start)
                && Objects.equals(end, that.end)
                && tags.equals(that.tags)
                && Objects.equals(text(content), text(that.content))
                && Objects.equals(text(source), text(that.source))
                && Objects.equals(text(id), text(that.id))
                && order == that.order
                && limit == that.limit
                && partial == that.partial;
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, end, tags, text(content), text(source), text(id), order, limit, partial);
    }

    @Override
    public String toString() {
        return "EventQuery[start=" + start + ", end=" + end + ", tags=" + tags + ", content=" + text(content)
                + ", source=" + text(source) + ", id=" + text(id) + ", order=" + order
                + ", limit=" + (limit == Long.MAX_VALUE ? "none" : limit) + (partial ? ", partial" : "") + "]";
    }

    private static String text(TextPattern pattern) {
        return pattern == null ? null : pattern.pattern();
    }

    /** Builds an {@link EventQuery}; not thread-safe. Every setter validates at once. */
    public static final class Builder {
        private Instant start;
        private Instant end;
        private final List<String> tags = new ArrayList<>();
        private TextPattern content;
        private TextPattern source;
        private TextPattern id;
        private Order order = Order.ASC;
        private long limit = Long.MAX_VALUE;
        private boolean partial;
        private BooleanSupplier cancelled;
        private Consumer<PartialNotice> notices;

        private Builder() {
        }

        /**
         * A cancellation signal, asked once per event matched: once it answers true, {@link EventQuery#matches} and
         * {@link EventQuery#matchesHeader} throw {@link SearchCancelledException}, so a store stops a search whose reader is
         * gone at the next record it looks at, even when none match. Not part of the query's equality; {@code null}
         * for none.
         */
        public Builder cancelledWhen(BooleanSupplier signal) {
            this.cancelled = signal;
            return this;
        }

        /**
         * Whether partial results are accepted ({@link EventQuery#partial()}); the caller should also set
         * {@link #noticesTo}, or it will not learn which parts are missing.
         */
        public Builder partial(boolean value) {
            this.partial = value;
            return this;
        }

        /**
         * Where a store reports the parts missing from its answer ({@link EventQuery#report}); called from the
         * store's threads, must not block. Not part of the query's equality; {@code null} for none.
         */
        public Builder noticesTo(Consumer<PartialNotice> consumer) {
            this.notices = consumer;
            return this;
        }

        /** Inclusive lower bound on the timestamp; {@code null} for none. */
        public Builder start(Instant value) {
            this.start = value;
            return this;
        }

        /** Inclusive upper bound on the timestamp; {@code null} for none. */
        public Builder end(Instant value) {
            this.end = value;
            return this;
        }

        /** Adds tags that every result must carry. */
        public Builder tags(String... required) {
            return tags(List.of(required));
        }

        /** Adds tags that every result must carry. */
        public Builder tags(List<String> required) {
            for (String tag : required) {
                tags.add(Objects.requireNonNull(tag, "a tag is null"));
            }
            return this;
        }

        /**
         * A regular expression the content must contain a match of; {@code null} for none.
         *
         * @throws IllegalArgumentException when the expression does not compile, naming it and why
         */
        public Builder content(String regex) {
            this.content = compile("content", regex);
            return this;
        }

        /** A regular expression the source must contain a match of; {@code null} for none. */
        public Builder source(String regex) {
            this.source = compile("source", regex);
            return this;
        }

        /** A regular expression the id must contain a match of; {@code null} for none. */
        public Builder id(String regex) {
            this.id = compile("id", regex);
            return this;
        }

        /** The order of results by timestamp. */
        public Builder order(Order value) {
            this.order = Objects.requireNonNull(value, "order is null");
            return this;
        }

        /**
         * The most results to return.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder limit(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("limit must be positive, not " + value);
            }
            this.limit = value;
            return this;
        }

        /**
         * The query.
         *
         * @throws IllegalArgumentException when start is after end
         */
        public EventQuery build() {
            if (start != null && end != null && start.isAfter(end)) {
                throw new IllegalArgumentException("start " + start + " is after end " + end);
            }
            return new EventQuery(this);
        }

        private static TextPattern compile(String field, String regex) {
            if (regex == null) {
                return null;
            }
            return TextPattern.compile(regex, field + " pattern");
        }
    }
}
