package io.theia.api.codec;

import io.theia.api.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The header of one serialized event, read without its content, and where the record lies in the stream.
 *
 * <p>Immutable. Produced by {@link EventReader#readHeader()}, which has already checked every field, so
 * {@link #toEvent(String)} never fails for a header the reader returned.
 *
 * @param id the event's id
 * @param timestamp the event's exact timestamp
 * @param source the event's source
 * @param tags the event's tags
 * @param headers the extra header lines, in order
 * @param offset byte offset of the record's preamble ({@code event: ...}) in the stream
 * @param recordBytes bytes from {@code offset} to the end of the record, including the final line break
 * @param contentBytes byte length of the content
 */
public record EventHeader(
        String id,
        Instant timestamp,
        String source,
        List<String> tags,
        Map<String, String> headers,
        long offset,
        int recordBytes,
        int contentBytes) {

    /** The whole event, given its content. */
    public Event toEvent(String content) {
        return new Event(id, timestamp, source, tags, content, headers);
    }

    /** Byte offset just past the end of this record. */
    public long endOffset() {
        return offset + recordBytes;
    }
}
