package io.theia.store.naive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Forces a directory's entries (created, renamed, removed files) to stable storage. Thread-safe. */
final class DirectorySync {

    private final Path directory;
    private final FileForcing forcing;

    DirectorySync(Path directory) {
        this(directory, FileForcing.SYSTEM);
    }

    DirectorySync(Path directory, FileForcing forcing) {
        this.directory = directory;
        this.forcing = forcing;
    }

    /** {@code fsync} on the directory, so that renames and new files survive a power loss. */
    void force() throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            forcing.forceDirectory(directory, channel);
        }
    }
}
