package io.theia.watcher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How far a file has been read and acknowledged: reading resumes at {@code offset} after a restart.
 *
 * @param fileKey the file's identity, device and inode (see {@link FileIdentity}), not its name
 * @param path where the file was last seen
 * @param offset the byte offset just after the last acknowledged line
 */
record Checkpoint(String fileKey, Path path, long offset) {

    Checkpoint {
        Objects.requireNonNull(fileKey, "fileKey");
        Objects.requireNonNull(path, "path");
        if (offset < 0) {
            throw new IllegalArgumentException("checkpoint of " + path + ": negative offset " + offset);
        }
    }
}
