package io.theia.watcher;

import com.google.re2j.Pattern;

/**
 * Joins lines into multi-line records: a line that matches the start pattern begins a record, other lines are
 * appended to the record before them. A record that would grow past the size limit is cut, and both parts are
 * reported as split; a piece of an over-long line is always a record of its own. Not thread-safe: one per file.
 */
final class MultilineAssembler {

    /** Receives complete records. */
    interface RecordSink {

        /**
         * One record.
         *
         * @param endOffset the file offset just after the record's last line
         * @param split whether the record is a piece of something longer than the limit
         */
        void record(String content, long endOffset, boolean split);
    }

    private final Pattern startPattern;
    private final int maxBytes;
    private final StringBuilder content = new StringBuilder();
    private boolean pending;
    private int bytes;
    private long endOffset;
    private boolean split;

    MultilineAssembler(Pattern startPattern, int maxBytes) {
        this.startPattern = startPattern;
        this.maxBytes = maxBytes;
    }

    /**
     * Adds a line.
     *
     * @param lineBytes the line's length in the file, for the size limit
     * @param lineSplit whether the line is a piece of an over-long line
     */
    void add(String line, int lineBytes, long lineEnd, boolean lineSplit, RecordSink sink) {
        if (lineSplit) {
            flush(sink);
            sink.record(line, lineEnd, true);
            return;
        }
        if (pending && !startPattern.matcher(line).find()) {
            if (bytes + 1 + lineBytes <= maxBytes) {
                content.append('\n').append(line);
                bytes += 1 + lineBytes;
                endOffset = lineEnd;
                return;
            }
            split = true;
            flush(sink);
            begin(line, lineBytes, lineEnd, true);
            return;
        }
        flush(sink);
        begin(line, lineBytes, lineEnd, false);
    }

    /** Whether a record is waiting for more lines. */
    boolean hasPending() {
        return pending;
    }

    /** Reports the waiting record, if any, as complete. */
    void flush(RecordSink sink) {
        if (pending) {
            sink.record(content.toString(), endOffset, split);
            pending = false;
            content.setLength(0);
        }
    }

    private void begin(String line, int lineBytes, long lineEnd, boolean continuation) {
        content.append(line);
        bytes = lineBytes;
        endOffset = lineEnd;
        split = continuation;
        pending = true;
    }
}
