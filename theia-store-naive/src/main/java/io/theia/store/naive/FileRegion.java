package io.theia.store.naive;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only view of the first {@code length} bytes of a file, memory-mapped when it fits one mapping, read
 * through positional reads otherwise. Keeps the file open (so a rename or rewrite of the path does not change
 * what it reads). Not thread-safe.
 */
final class FileRegion implements Closeable {

    private final FileChannel channel;
    private final MappedByteBuffer mapped;
    private final long length;
    private byte[] lastNeedle;
    private int[] lastSkip;

    private FileRegion(FileChannel channel, long length) throws IOException {
        this.channel = channel;
        this.length = length;
        this.mapped = length > 0 && length <= Integer.MAX_VALUE
                ? channel.map(FileChannel.MapMode.READ_ONLY, 0, length) : null;
    }

    /** Opens a view of the first {@code length} bytes of a file (fewer if the file is shorter). */
    static FileRegion open(Path path, long length) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new FileRegion(channel, Math.min(length, channel.size()));
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
        if (offset + count > length) {
            throw new EOFException("reading " + count + " bytes at " + offset + " past the end " + length);
        }
        if (mapped != null) {
            mapped.get((int) offset, into, 0, count);
            return;
        }
        ByteBuffer target = ByteBuffer.wrap(into, 0, count);
        while (target.hasRemaining()) {
            if (channel.read(target, offset + target.position()) < 0) {
                throw new EOFException("the file ends before byte " + (offset + count));
            }
        }
    }

    /** The byte at an offset. */
    byte byteAt(long offset) throws IOException {
        if (mapped != null) {
            return mapped.get((int) offset);
        }
        byte[] one = new byte[1];
        read(offset, one, 1);
        return one[0];
    }

    /**
     * Index of the first occurrence of {@code needle} in {@code [from, to)}, or -1. Boyer-Moore-Horspool on the
     * mapping: it reads about one byte in {@code needle.length} where the needle is absent.
     */
    long indexOf(byte[] needle, long from, long to) throws IOException {
        if (mapped == null || needle.length == 0) {
            return needle.length == 0 ? from : slowIndexOf(needle, from, to);
        }
        int last = needle.length - 1;
        int[] skip = skipTable(needle);
        int end = (int) Math.min(to, length);
        int i = (int) from;
        while (i + last < end) {
            byte tail = mapped.get(i + last);
            if (tail == needle[last]) {
                int j = last - 1;
                while (j >= 0 && mapped.get(i + j) == needle[j]) {
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
            java.util.Arrays.fill(table, needle.length);
            for (int k = 0; k < needle.length - 1; k++) {
                table[needle[k] & 0xff] = needle.length - 1 - k;
            }
            lastSkip = table;
            lastNeedle = needle;
        }
        return lastSkip;
    }

    private long slowIndexOf(byte[] needle, long from, long to) throws IOException {
        int count = (int) Math.min(to - from, Integer.MAX_VALUE - 8);
        byte[] bytes = new byte[count];
        read(from, bytes, count);
        outer:
        for (int i = 0; i + needle.length <= count; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return from + i;
        }
        return -1;
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
                if (mapped != null) {
                    mapped.get((int) position, into, at, step);
                } else {
                    int read = channel.read(ByteBuffer.wrap(into, at, step), position);
                    if (read < 0) {
                        return -1;
                    }
                    step = read;
                }
                position += step;
                return step;
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
