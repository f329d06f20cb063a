package io.theia.api.codec;

import java.io.InputStream;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A stream over a byte array that hands out at most a few bytes per {@code read}, as a socket or a pipe may,
 * so that readers have to refill their buffers in the middle of every structure. It also remembers the largest
 * buffer a reader offered it, which is how tests see how much memory the reader allocated.
 */
final class ChunkedInputStream extends InputStream {

    private final byte[] data;
    private final SplittableRandom random;
    private final int maxChunk;
    private int position;
    private int largestBuffer;

    /**
     * A stream returning between 1 and {@code maxChunk} bytes per read, chosen by a random generator with the
     * given seed (so a failing case reproduces).
     */
    ChunkedInputStream(byte[] data, int maxChunk, long seed) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("maxChunk must be positive, not " + maxChunk);
        }
        this.data = data;
        this.maxChunk = maxChunk;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
        return position < data.length ? data[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        largestBuffer = Math.max(largestBuffer, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (position == data.length) {
            return -1;
        }
        int count = Math.min(Math.min(length, data.length - position), 1 + random.nextInt(maxChunk));
        System.arraycopy(data, position, buffer, offset, count);
        position += count;
        return count;
    }

    /** The length of the largest array passed to {@link #read(byte[], int, int)} so far. */
    int largestBuffer() {
        return largestBuffer;
    }
}
