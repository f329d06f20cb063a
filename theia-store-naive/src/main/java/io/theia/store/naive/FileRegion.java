package io.theia.store.naive;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A read-only view of the first {@code length} bytes of a file, read through a 256 KiB window filled by
 * positional reads (sequential scans cost one read call per window; on the virtual machines this was measured
 * on, page faults on fresh memory mappings cost more than the copy). Keeps the file open, so a rename or
 * rewrite of the path does not change what it reads. Not thread-safe.
 */
final class FileRegion implements Closeable {

    private static final int WINDOW_BYTES = 256 * 1024;
    private static final int LONG_SEARCH_BYTES = 4096;

    private final FileChannel channel;
    private final long length;
    /** Bytes from {@code tail.start()} on that are read from memory instead of the file, or null. */
    private final BufferedTail tail;
    private final byte[] window = new byte[WINDOW_BYTES];
    private long windowStart;
    private int windowLength;
    /** The window as a Latin-1 string, made when a long search first needs it; null until then. */
    private String windowText;
    private byte[] lastNeedle;
    private int[] lastSkip;
    private String lastNeedleText;

    private FileRegion(FileChannel channel, long length, BufferedTail tail) {
        this.channel = channel;
        this.length = length;
        this.tail = tail;
    }

    /** Opens a view of the first {@code length} bytes of a file (fewer if the file is shorter). */
    static FileRegion open(Path path, long length) throws IOException {
        return open(path, length, null);
    }

    /**
     * Opens a view of the first {@code length} bytes of a file whose bytes from {@code tail.start()} on are taken
     * from {@code tail} (records that could not be written out yet); a null tail reads the file alone.
     */
    static FileRegion open(Path path, long length, BufferedTail tail) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long available = tail == null ? channel.size() : tail.end();
            return new FileRegion(channel, Math.min(length, available), tail);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens a view of the whole file as it is now. */
    static FileRegion open(Path path) throws IOException {
        return open(path, Long.MAX_VALUE);
    }

    long length() {
        return length;
    }

    /** Copies {@code count} bytes from {@code offset} into {@code into}. */
    void read(long offset, byte[] into, int count) throws IOException {
        read(offset, into, 0, count);
    }

    private void read(long offset, byte[] into, int at, int count) throws IOException {
        if (offset + count > length) {
            throw new EOFException("reading " + count + " bytes at " + offset + " past the end " + length);
        }
        if (count > WINDOW_BYTES / 2 && !inWindow(offset, count)) {
            readFully(offset, into, at, count);
            return;
        }
        if (!inWindow(offset, count)) {
            fill(offset);
        }
        System.arraycopy(window, (int) (offset - windowStart), into, at, count);
    }

    /** The byte at an offset. */
    byte byteAt(long offset) throws IOException {
        if (!inWindow(offset, 1)) {
            if (offset >= length) {
                throw new EOFException("byte " + offset + " is past the end " + length);
            }
            fill(offset);
        }
        return window[(int) (offset - windowStart)];
    }

    /**
     * Index of the first occurrence of {@code needle} in {@code [from, to)}, or -1. A search through at least
     * {@value #LONG_SEARCH_BYTES} bytes of the window runs on the window as a Latin-1 string, whose
     * {@code indexOf} the JVM compiles to vector instructions; a shorter one runs Boyer-Moore-Horspool.
     */
    long indexOf(byte[] needle, long from, long to) throws IOException {
        if (needle.length == 0) {
            return from;
        }
        if (needle.length > WINDOW_BYTES / 2) {
            throw new IllegalArgumentException("needle of " + needle.length + " bytes is too long");
        }
        int last = needle.length - 1;
        long end = Math.min(to, length);
        long at = from;
        while (at + last < end) {
            if (!inWindow(at, (int) Math.min(end - at, needle.length))) {
                fill(at);
            }
            int start = (int) (at - windowStart);
            int stop = (int) Math.min(windowLength, end - windowStart);
            int found = stop - start >= LONG_SEARCH_BYTES ? vectorSearch(start, stop, needle)
                    : horspool(window, start, stop, needle, skipTable(needle));
            if (found >= 0) {
                return windowStart + found;
            }
            long next = windowStart + stop - last;
            if (next <= at) {
                return -1;
            }
            at = next;
        }
        return -1;
    }

    private int vectorSearch(int start, int stop, byte[] needle) {
        if (windowText == null) {
            windowText = new String(window, 0, windowLength, StandardCharsets.ISO_8859_1);
        }
        if (needle != lastNeedle || lastNeedleText == null) {
            skipTable(needle);
            lastNeedleText = new String(needle, StandardCharsets.ISO_8859_1);
        }
        int found = windowText.indexOf(lastNeedleText, start);
        return found >= 0 && found + needle.length <= stop ? found : -1;
    }

    /** A stream of the bytes from {@code offset} to the end of the region. */
    InputStream streamFrom(long offset) {
        return new InputStream() {
            private long position = offset;

            @Override
            public int read() throws IOException {
                if (position >= length) {
                    return -1;
                }
                return byteAt(position++) & 0xff;
            }

            @Override
            public int read(byte[] into, int at, int count) throws IOException {
                if (position >= length) {
                    return -1;
                }
                int step = (int) Math.min(count, length - position);
                FileRegion.this.read(position, into, at, step);
                position += step;
                return step;
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private boolean inWindow(long offset, int count) {
        return offset >= windowStart && offset + count <= windowStart + windowLength;
    }

    private void fill(long offset) throws IOException {
        int count = (int) Math.min(WINDOW_BYTES, length - offset);
        readFully(offset, window, 0, count);
        windowStart = offset;
        windowLength = count;
        windowText = null;
    }

    private void readFully(long offset, byte[] into, int at, int count) throws IOException {
        if (tail != null && offset + count > tail.start()) {
            int fromFile = (int) Math.max(0, tail.start() - offset);
            long inTail = offset + fromFile - tail.start();
            System.arraycopy(tail.bytes(), (int) inTail, into, at + fromFile, count - fromFile);
            count = fromFile;
            if (count == 0) {
                return;
            }
        }
        ByteBuffer target = ByteBuffer.wrap(into, at, count);
        while (target.hasRemaining()) {
            if (channel.read(target, offset + target.position() - at) < 0) {
                throw new EOFException("the file ends before byte " + (offset + count));
            }
        }
    }

    /** First match of the needle starting in {@code [start, stop - needle.length]} of the array, or -1. */
    private static int horspool(byte[] bytes, int start, int stop, byte[] needle, int[] skip) {
        int last = needle.length - 1;
        byte lastByte = needle[last];
        int i = start;
        while (i + last < stop) {
            byte tail = bytes[i + last];
            if (tail == lastByte) {
                int j = last - 1;
                while (j >= 0 && bytes[i + j] == needle[j]) {
                    j--;
                }
                if (j < 0) {
                    return i;
                }
            }
            i += skip[tail & 0xff];
        }
        return -1;
    }

    private int[] skipTable(byte[] needle) {
        if (needle != lastNeedle) {
            int[] table = new int[256];
            Arrays.fill(table, needle.length);
            for (int k = 0; k < needle.length - 1; k++) {
                table[needle[k] & 0xff] = needle.length - 1 - k;
            }
            lastSkip = table;
            lastNeedle = needle;
            lastNeedleText = null;
        }
        return lastSkip;
    }
}
