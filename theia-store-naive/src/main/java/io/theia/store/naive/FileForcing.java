package io.theia.store.naive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * How the store's appends and flush rounds put files and the data directory on stable storage. The store goes
 * through this seam for every {@code fdatasync} a save's durability depends on, so that tests can count, delay
 * and fail them ({@link #SYSTEM} in production).
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

    /** Forces a data file's written bytes to stable storage ({@code fdatasync}). */
    void force(Path file, FileChannel channel) throws IOException;

    /** Forces a directory's entries (created, renamed, removed files) to stable storage. */
    void forceDirectory(Path directory, FileChannel channel) throws IOException;
}
