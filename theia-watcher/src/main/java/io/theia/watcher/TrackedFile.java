package io.theia.watcher;

import io.theia.api.source.SourceMetrics;
import com.google.re2j.Pattern;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file being followed, identified by its file key and kept open, so that it can still be read to its end after
 * it was renamed or deleted (and so that its inode cannot be reused while it is followed).
 *
 * <p>Reads what was appended, cuts it into lines ({@link LineSplitter}), decodes them (undecodable bytes become
 * U+FFFD, never an error), joins them into records when multi-line is on ({@link MultilineAssembler}) and hands
 * them to the {@link EventBatcher}. Notices truncation (the file shrank below the read position: copytruncate) and
 * starts again at 0. Not thread-safe: used by the reading thread only.
 */
final class TrackedFile implements AutoCloseable {

    /** How every file of a source is read. */
    record Settings(Charset charset, int maxLineBytes, Pattern multilineStart, long multilineTimeoutNanos,
            FileMetrics metrics) {

        boolean multiline() {
            return multilineStart != null;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TrackedFile.class);
    private static final int END_SEARCH_BYTES = 64 * 1024;

    private final String key;
    private final FileChannel channel;
    private final Settings settings;
    private final EventBatcher batcher;
    private final LineSplitter lines;
    private final MultilineAssembler multiline;
    private final LineSplitter.LineSink lineSink = this::onLine;
    private final MultilineAssembler.RecordSink recordSink = this::onRecord;
    private Path path;
    private String source;
    /** Read by the metrics scrape too. */
    private volatile long position;
    private SourceMetrics.Registration lag = () -> { };
    private long emittedEnd;
    private long lastGrowthNanos;
    private boolean rotated;

    private TrackedFile(Path path, String key, FileChannel channel, long position, Settings settings,
            EventBatcher batcher, long nowNanos) {
        this.key = key;
        this.channel = channel;
        this.settings = settings;
        this.batcher = batcher;
        this.lines = new LineSplitter(settings.maxLineBytes(), StandardCharsets.UTF_8.equals(settings.charset()));
        this.multiline = settings.multiline()
                ? new MultilineAssembler(settings.multilineStart(), settings.maxLineBytes()) : null;
        this.position = position;
        this.emittedEnd = position;
        this.lastGrowthNanos = nowNanos;
        movedTo(path);
    }

    /**
     * Opens a file to read from {@code offset}, or, when {@code offset} is negative, from just after its last
     * complete line (start at the end).
     */
    static TrackedFile open(Path path, String key, long offset, Settings settings, EventBatcher batcher,
            long nowNanos) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long start = offset >= 0 ? offset : endOfLastLine(channel);
            return new TrackedFile(path, key, channel, start, settings, batcher, nowNanos);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads what was appended since the last call, at most about {@code budget} bytes.
     *
     * @return the number of bytes read
     */
    long read(ByteBuffer buffer, long budget, long nowNanos) throws IOException {
        long size = channel.size();
        if (size < position) {
            truncated(size);
        }
        long total = 0;
        while (total < budget && position < size) {
            buffer.clear();
            int count = channel.read(buffer, position);
            if (count <= 0) {
                break;
            }
            batcher.markReadTime();
            long chunkOffset = position;
            position += count;
            total += count;
            settings.metrics().bytesRead(count);
            lines.feed(buffer.array(), count, chunkOffset, lineSink);
        }
        if (total > 0) {
            lastGrowthNanos = nowNanos;
        }
        return total;
    }

    /** Whether a multi-line record or partial line waits for its timeout. */
    boolean isWaiting() {
        return multiline != null && (multiline.hasPending() || lines.hasPartial());
    }

    /** When the waiting record is due, in {@link System#nanoTime()} terms. */
    long waitingDeadline() {
        return lastGrowthNanos + settings.multilineTimeoutNanos();
    }

    /** Hands over the waiting record, including a partial last line: nothing more came for the timeout. */
    void flushWaiting() {
        batcher.markReadTime();
        lines.flushPartial(lineSink);
        if (multiline != null) {
            multiline.flush(recordSink);
        }
    }

    /** Whether everything the file holds now has been read. */
    boolean atEnd() throws IOException {
        return channel.size() <= position;
    }

    /** Marks the file as no longer at any followed name: it is read to its end, then let go. */
    void markRotated() {
        rotated = true;
    }

    /** The file is (again) at a followed name. */
    void markFollowed() {
        rotated = false;
    }

    boolean isRotated() {
        return rotated;
    }

    /** The file is now known under another name (moved within the followed directories). */
    void movedTo(Path newPath) {
        this.path = newPath;
        lag.close();
        lag = settings.metrics().lag(newPath, this::bytesBehind);
        // A file name may contain line breaks; an event's source may not.
        this.source = newPath.toString().replace("\r", "\\r").replace("\n", "\\n");
    }

    String key() {
        return key;
    }

    Path path() {
        return path;
    }

    /** The events' source: the file's absolute path. */
    String source() {
        return source;
    }

    long lastGrowthNanos() {
        return lastGrowthNanos;
    }

    /** The offset just after the last record handed over: where to resume if the file has to be reopened. */
    long emittedEnd() {
        return emittedEnd;
    }

    @Override
    public void close() {
        lag.close();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed", path, e);
        }
    }

    private void truncated(long size) {
        LOG.info("{} shrank from {} to {} bytes (truncated, e.g. copytruncate rotation); reading it from the start",
                path, position, size);
        flushWaiting();
        lines.reset();
        position = 0;
        emittedEnd = 0;
        batcher.position(this, 0);
    }

    private double bytesBehind() {
        try {
            return Math.max(0, channel.size() - position);
        } catch (IOException e) {
            return 0;
        }
    }

    private void onLine(byte[] bytes, int offset, int length, long endOffset, boolean split) {
        settings.metrics().linesRead(1);
        String text = new String(bytes, offset, length, settings.charset());
        if (multiline != null) {
            multiline.add(text, length, endOffset, split, recordSink);
        } else {
            onRecord(text, endOffset, split);
        }
    }

    private void onRecord(String content, long endOffset, boolean split) {
        emittedEnd = endOffset;
        batcher.emit(this, content, endOffset, split);
    }

    private static long endOfLastLine(FileChannel channel) throws IOException {
        long size = channel.size();
        int length = (int) Math.min(size, END_SEARCH_BYTES);
        ByteBuffer tail = ByteBuffer.allocate(length);
        long from = size - length;
        int count = 0;
        while (tail.hasRemaining() && count >= 0) {
            count = channel.read(tail, from + tail.position());
        }
        for (int i = tail.position() - 1; i >= 0; i--) {
            if (tail.get(i) == '\n') {
                return from + i + 1;
            }
        }
        return size;
    }
}
