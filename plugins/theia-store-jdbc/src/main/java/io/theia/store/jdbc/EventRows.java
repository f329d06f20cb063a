package io.theia.store.jdbc;

import io.theia.api.event.Event;
import io.theia.api.store.EventReadException;
import io.theia.api.store.EventWriteException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events to and from rows of the events table. Stateless.
 *
 * <p>A batch is inserted as seven parallel arrays, one element per event, so that one prepared statement of fixed
 * text inserts any number of rows. Tags travel joined by {@code ,} (a tag never contains one) and header names and
 * values each as {@code \n}-prefixed elements (neither ever contains a line break); SQL splits them back.
 */
final class EventRows {

    /** The columns, in the order {@link #read} expects them. */
    static final String COLUMNS = "id, ts_nanos, source, tags, content, header_names, header_values";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private EventRows() {
    }

    /** The INSERT that takes the arrays of {@link Batch}, skipping ids already stored. */
    static String insertSql(String table) {
        return "INSERT INTO " + table + " (" + COLUMNS + ") SELECT i, ts, s, string_to_array(tg, ','), c, "
                + "(string_to_array(hn, E'\\n'))[2:], (string_to_array(hv, E'\\n'))[2:] "
                + "FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                + "AS u(i, ts, s, tg, c, hn, hv) ON CONFLICT (id) DO NOTHING";
    }

    /** A batch of events as column arrays, checked to fit the table. */
    record Batch(String[] ids, Long[] nanos, String[] sources, String[] tags, String[] contents, String[] headerNames,
            String[] headerValues) {

        /**
         * Converts events.
         *
         * @throws EventWriteException naming the event when one cannot be stored
         */
        static Batch of(List<Event> events) {
            int size = events.size();
            Batch batch = new Batch(new String[size], new Long[size], new String[size], new String[size],
                    new String[size], new String[size], new String[size]);
            for (int i = 0; i < size; i++) {
                Event event = events.get(i);
                batch.ids[i] = checkText(event, event.id(), "id");
                batch.nanos[i] = epochNanos(event);
                batch.sources[i] = checkText(event, event.source(), "source");
                batch.tags[i] = checkText(event, String.join(",", event.tags()), "tags");
                batch.contents[i] = checkText(event, event.content(), "content");
                StringBuilder names = new StringBuilder();
                StringBuilder values = new StringBuilder();
                event.headers().forEach((name, value) -> {
                    names.append('\n').append(name);
                    values.append('\n').append(value);
                });
                batch.headerNames[i] = checkText(event, names.toString(), "header names");
                batch.headerValues[i] = checkText(event, values.toString(), "header values");
            }
            return batch;
        }
    }

    /** Epoch nanoseconds of a timestamp, saturated to the {@code bigint} range (for query bounds). */
    static long saturatedNanos(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / NANOS_PER_SECOND) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / NANOS_PER_SECOND) {
            return Long.MIN_VALUE;
        }
        return seconds * NANOS_PER_SECOND + instant.getNano();
    }

    /** Reads the row the result set is on, whose columns are {@link #COLUMNS}. */
    static Event read(ResultSet row) throws SQLException {
        String id = row.getString(1);
        long nanos = row.getLong(2);
        Instant timestamp = Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND),
                Math.floorMod(nanos, NANOS_PER_SECOND));
        String[] tags = strings(row.getArray(4));
        String[] names = strings(row.getArray(6));
        String[] values = strings(row.getArray(7));
        if (names.length != values.length) {
            throw new EventReadException("event " + id + ": the row has " + names.length + " header names but "
                    + values.length + " header values");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            headers.put(names[i], values[i]);
        }
        try {
            return new Event(id, timestamp, row.getString(3), Arrays.asList(tags), row.getString(5), headers);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new EventReadException("event " + id + ": the stored row is not a valid event: " + e.getMessage(),
                    e);
        }
    }

    private static String[] strings(Array array) throws SQLException {
        if (array == null) {
            return new String[0];
        }
        try {
            return (String[]) array.getArray();
        } finally {
            array.free();
        }
    }

    private static long epochNanos(Event event) {
        try {
            return Math.addExact(Math.multiplyExact(event.timestamp().getEpochSecond(), NANOS_PER_SECOND),
                    event.timestamp().getNano());
        } catch (ArithmeticException e) {
            throw new EventWriteException("event " + event.id() + ": timestamp " + event.timestamp()
                    + " is past what the jdbc store holds (epoch nanoseconds in a bigint, up to 2262-04-11)", e);
        }
    }

    private static String checkText(Event event, String text, String field) {
        if (text.indexOf('\0') >= 0) {
            throw new EventWriteException("event " + event.id() + ": the " + field + " holds the character U+0000, "
                    + "which PostgreSQL text cannot store; nothing of the batch was saved");
        }
        return text;
    }
}
