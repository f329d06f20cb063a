package io.theia.core.internal.server;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Serialized events gathered for one binary frame: a growing array without the locking of
 * {@link java.io.ByteArrayOutputStream}, whose content {@link #take} hands over without a copy when the frame is
 * mostly full (and copies it out when it is small, keeping the array for the next frame). One thread at a time.
 */
final class FrameBuffer extends OutputStream {

    private final int capacity;
    private byte[] bytes;
    private int size;

    /** A buffer whose arrays start at {@code capacity} bytes (they grow for larger frames). */
    FrameBuffer(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /** How many bytes are gathered. */
    int size() {
        return size;
    }

    /** The gathered bytes as a buffer that is the caller's from now on; this buffer is then empty. */
    ByteBuffer take() {
        ByteBuffer taken;
        if (size >= bytes.length / 2) {
            taken = ByteBuffer.wrap(bytes, 0, size);
            bytes = null;
        } else {
            taken = ByteBuffer.wrap(Arrays.copyOf(bytes, size));
        }
        size = 0;
        return taken;
    }

    private void ensure(int more) {
        if (bytes == null) {
            bytes = new byte[Math.max(capacity, more)];
        } else if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, 2 * bytes.length));
        }
    }
}
