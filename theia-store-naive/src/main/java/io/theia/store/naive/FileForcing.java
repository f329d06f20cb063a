package io.theia.store.naive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the store's appends and flush rounds open, write and truncate data files and put them and the data
 * directory on stable storage. The store goes through this seam for every open, write, truncation and
 * {@code fdatasync} of the save path, so that tests can count, delay and fail them ({@link #SYSTEM} in
 * production; only {@link #force} and {@link #forceDirectory} have no default).
 */
interface FileForcing {

    /** The operating system's {@code fdatasync} and directory {@code fsync}. */
    FileForcing SYSTEM = new FileForcing() {
        @Override
        public void force(Path file, FileChannel channel) throws IOException {
            channel.force(false);
        }

        @Override
        public void forceDirectory(Path directory, FileChannel channel) throws IOException {
            channel.force(true);
        }
    };

    /** Opens a data file (creating it) for appending: where "Too many open files" strikes. */
    default FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** Writes bytes at a position of a data file: where a full disk strikes. Returns how many were written. */
    default int write(Path file, FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        return channel.write(bytes, position);
    }

    /** Cuts a data file back to {@code length} bytes (rolling a failed write back). */
    default void truncate(Path file, FileChannel channel, long length) throws IOException {
        channel.truncate(length);
    }

    /** Forces a data file's written bytes to stable storage ({@code fdatasync}). */
    void force(Path file, FileChannel channel) throws IOException;

    /** Forces a directory's entries (created, renamed, removed files) to stable storage. */
    void forceDirectory(Path directory, FileChannel channel) throws IOException;
}
