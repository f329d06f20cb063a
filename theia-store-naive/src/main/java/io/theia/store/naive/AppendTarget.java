package io.theia.store.naive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Appends whole records to one data file through a buffer. The buffer only ever holds whole records and is
 * written out whole, so the file changes by whole records except when the process dies inside a write. Not
 * thread-safe: guarded by the store's lock, except {@link #force()}, which may run concurrently with appends.
 */
final class AppendTarget implements Closeable {

    private static final int BUFFER_BYTES = 256 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final FileForcing forcing;
    /** The store's file this appends to, or null (tests). */
    final DataFile file;
    /** Allocated at the first append and dropped at {@link #retire()}. */
    private byte[] buffer;
    private int buffered;
    /** Bytes handed to the operating system so far (read by {@link #force()} outside the store's lock). */
    private volatile long written;
    /**
     * Bytes known to be on stable storage: the length when opened, raised by {@link #promote()} (once the
     * directory was forced too) to what the last successful {@link #force()} covered, lowered by {@link #cutBack}.
     */
    private volatile long durable;
    /** What the last successful {@link #force()} covered: the bytes written when it began. */
    private volatile long forced;
    /** The failure of the last {@link #force()}, or null. */
    private volatile IOException forceFailure;
    /** Whether bytes were handed to the operating system since the last {@link #force()} began. */
    private volatile boolean dirty;

    /** Opens a file (creating it) to append after its first {@code length} bytes. */
    AppendTarget(Path path, long length) throws IOException {
        this(path, length, FileForcing.SYSTEM);
    }

    /** Opens a file (creating it) to append after its first {@code length} bytes, forcing it through a seam. */
    AppendTarget(Path path, long length, FileForcing forcing) throws IOException {
        this(null, path, length, forcing);
    }

    /** Opens the store's data file {@code file} (its bytes up to {@code length} durable) to append. */
    AppendTarget(DataFile file, Path path, long length, FileForcing forcing) throws IOException {
        this.file = file;
        this.path = path;
        this.forcing = forcing;
        this.channel = forcing.open(path);
        this.written = length;
        this.durable = length;
        this.forced = length;
    }

    /**
     * Appends whole records, each a serialized event followed by the separating line break: {@code length} bytes
     * of {@code records} from {@code offset}. Records that do not fit the buffer are written straight from the
     * array.
     */
    void append(byte[] records, int offset, int length) throws IOException {
        if (buffered + length > BUFFER_BYTES) {
            drain();
        }
        if (length > BUFFER_BYTES) {
            writeFully(ByteBuffer.wrap(records, offset, length));
            return;
        }
        if (buffer == null) {
            buffer = new byte[BUFFER_BYTES];
        }
        System.arraycopy(records, offset, buffer, buffered, length);
        buffered += length;
    }

    /** Hands the buffered records to the operating system, so that readers of the file see them. */
    void drain() throws IOException {
        if (buffered > 0) {
            writeFully(ByteBuffer.wrap(buffer, 0, buffered));
            buffered = 0;
        }
    }

    /** Writes out the buffer and drops it: nothing is appended any more, the file only waits to be forced. */
    void retire() throws IOException {
        drain();
        buffer = null;
    }

    /** Why the last force failed, or null when it succeeded (or none ran). */
    IOException forceFailure() {
        return forceFailure;
    }

    boolean dirty() {
        return dirty;
    }

    /** Forces what was handed to the operating system to stable storage ({@code fdatasync}). */
    void force() throws IOException {
        dirty = false;
        long covered = written;
        try {
            forcing.force(path, channel);
            forced = covered;
            forceFailure = null;
        } catch (ClosedChannelException closed) {
            // closed meanwhile by eviction or close(), which forced it first: that force's outcome stands
            throw closed;
        } catch (IOException e) {
            forceFailure = e;
            dirty = true; // the next round forces it again
            throw e;
        }
    }

    /**
     * Counts what the last successful {@link #force()} covered as durable: once everything its round forces (the
     * directory too) is forced.
     */
    void promote() {
        long covered = forced;
        if (covered > durable) {
            durable = covered;
        }
    }

    /** Bytes known to be on stable storage: what the last {@linkplain #promote() promoted} force covered. */
    long durable() {
        return durable;
    }

    /** A copy of the buffered records, for readers while they cannot be written out; null when none are. */
    BufferedTail bufferedTail() {
        return buffered == 0 ? null : new BufferedTail(written, java.util.Arrays.copyOf(buffer, buffered));
    }

    /** Where the next appended byte goes: bytes written plus bytes buffered. */
    long end() {
        return written + buffered;
    }

    /**
     * Rolls appends back: the file ends at {@code length} afterwards. Buffered bytes past it are dropped; bytes
     * already handed to the operating system are truncated and the truncation forced, so that a crash does not
     * bring them back. Under the store's lock. Also works on a retired or closed target (through a fresh channel).
     *
     * @throws IOException when the truncation or its force failed; the bytes may then still be in the file
     */
    void cutBack(long length) throws IOException {
        if (length >= written) {
            if (length < written + buffered) {
                buffered = (int) (length - written);
            }
            return;
        }
        buffered = 0;
        written = length;
        if (durable > length) {
            durable = length;
        }
        if (forced > length) {
            forced = length;
        }
        if (channel.isOpen()) {
            forcing.truncate(path, channel, length);
            forcing.force(path, channel);
        } else {
            Path now = file == null ? path : file.path;
            try (FileChannel fresh = forcing.open(now)) {
                forcing.truncate(now, fresh, length);
                forcing.force(now, fresh);
            }
        }
    }

    /**
     * Writes all the bytes at the end of what was written, or nothing: when a write fails part way (a full disk),
     * the file is cut back to where it ended, so that the next write lands where the store's index expects it and
     * a failed drain keeps its records buffered for the next attempt.
     */
    private void writeFully(ByteBuffer bytes) throws IOException {
        long at = written;
        try {
            while (bytes.hasRemaining()) {
                at += forcing.write(path, channel, bytes, at);
            }
        } catch (IOException e) {
            if (at > written) {
                try {
                    forcing.truncate(path, channel, written);
                } catch (IOException truncating) {
                    e.addSuppressed(truncating);
                }
            }
            throw e;
        }
        written = at;
        dirty = true;
    }

    /** Closes the file; buffered records must have been drained. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
