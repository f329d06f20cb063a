package io.theia.watcher;

/**
 * Cuts the bytes of a file into lines as they arrive in chunks: a line ends at {@code \n}, and a {@code \r}
 * before it (CRLF) is dropped. A line longer than the limit is cut into pieces of at most the limit (in UTF-8,
 * never inside a character). Bytes after the last line break wait as a partial line for the next chunk.
 *
 * <p>Every line is reported with the file offset just after it (after its terminator), which is where reading
 * resumes once the line is acknowledged. Not thread-safe: one per file, used by the reading thread.
 */
final class LineSplitter {

    /** Receives the lines; the byte range is only valid during the call. */
    interface LineSink {

        /**
         * One line or piece of a line.
         *
         * @param endOffset the file offset just after this line (or piece)
         * @param split whether this is a piece of a line longer than the limit
         */
        void line(byte[] bytes, int offset, int length, long endOffset, boolean split);
    }

    private final int maxLineBytes;
    private final boolean utf8;
    private byte[] partial = new byte[256];
    private int partialLength;
    private long partialStart;
    private boolean splitting;
    private boolean skipEmptyLine;

    LineSplitter(int maxLineBytes, boolean utf8) {
        this.maxLineBytes = maxLineBytes;
        this.utf8 = utf8;
    }

    /** Splits {@code length} bytes of {@code chunk} that were read at file offset {@code chunkOffset}. */
    void feed(byte[] chunk, int length, long chunkOffset, LineSink sink) {
        int position = 0;
        while (position < length) {
            int newline = indexOfNewline(chunk, position, length);
            if (newline < 0) {
                append(chunk, position, length, chunkOffset, sink);
                return;
            }
            long lineEnd = chunkOffset + newline + 1;
            int contentEnd = newline > position && chunk[newline - 1] == '\r' ? newline - 1 : newline;
            if (partialLength == 0 && contentEnd - position <= maxLineBytes) {
                complete(chunk, position, contentEnd - position, lineEnd, sink);
            } else {
                append(chunk, position, newline, chunkOffset, sink);
                if (partialLength > 0 && partial[partialLength - 1] == '\r') {
                    partialLength--;
                }
                if (partialLength > maxLineBytes) {
                    emitPiece(sink);
                }
                complete(partial, 0, partialLength, lineEnd, sink);
                partialLength = 0;
            }
            position = newline + 1;
        }
    }

    /** Whether bytes of an unfinished line are waiting. */
    boolean hasPartial() {
        return partialLength > 0;
    }

    /**
     * Reports the waiting partial line as if it had ended, e.g. when a multi-line event times out or a file is
     * finished. When its line break arrives later, the empty line it completes is dropped.
     */
    void flushPartial(LineSink sink) {
        if (partialLength == 0) {
            return;
        }
        long end = partialStart + partialLength;
        int length = partial[partialLength - 1] == '\r' ? partialLength - 1 : partialLength;
        sink.line(partial, 0, length, end, splitting);
        partialLength = 0;
        splitting = false;
        skipEmptyLine = true;
    }

    /** Forgets everything, e.g. after the file was truncated. */
    void reset() {
        partialLength = 0;
        splitting = false;
        skipEmptyLine = false;
    }

    private void complete(byte[] bytes, int offset, int length, long lineEnd, LineSink sink) {
        boolean skip = skipEmptyLine && length == 0;
        skipEmptyLine = false;
        if (!skip) {
            sink.line(bytes, offset, length, lineEnd, splitting);
        }
        splitting = false;
    }

    /** Adds {@code chunk[from, to)} (no line break in it) to the partial line, cutting pieces as it fills up. */
    private void append(byte[] chunk, int from, int to, long chunkOffset, LineSink sink) {
        if (partialLength == 0) {
            partialStart = chunkOffset + from;
        }
        while (from < to) {
            // One byte over the limit is kept: it may be the \r of a CRLF that ends a line of exactly the limit.
            if (partialLength > maxLineBytes) {
                emitPiece(sink);
            }
            int count = Math.min(maxLineBytes + 1 - partialLength, to - from);
            ensureCapacity(partialLength + count);
            System.arraycopy(chunk, from, partial, partialLength, count);
            partialLength += count;
            from += count;
        }
        if (partialLength > maxLineBytes && partial[partialLength - 1] != '\r') {
            emitPiece(sink);
        }
    }

    /** Reports the first {@code maxLineBytes} bytes (fewer, to keep a UTF-8 character whole) as a piece. */
    private void emitPiece(LineSink sink) {
        int cut = maxLineBytes;
        if (utf8) {
            int limit = Math.max(1, maxLineBytes - 3);
            while (cut > limit && (partial[cut] & 0xC0) == 0x80) {
                cut--;
            }
            if ((partial[cut] & 0xC0) == 0x80) {
                cut = maxLineBytes;
            }
        }
        sink.line(partial, 0, cut, partialStart + cut, true);
        System.arraycopy(partial, cut, partial, 0, partialLength - cut);
        partialLength -= cut;
        partialStart += cut;
        splitting = true;
        skipEmptyLine = false;
    }

    private void ensureCapacity(int needed) {
        if (needed > partial.length) {
            int size = partial.length;
            while (size < needed) {
                size *= 2;
            }
            byte[] larger = new byte[Math.min(size, maxLineBytes + 1)];
            System.arraycopy(partial, 0, larger, 0, partialLength);
            partial = larger;
        }
    }

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
