package io.theia.watcher;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Names a file by what it is, not where it is: its file key (device and inode where the system has them). */
final class FileIdentity {

    private FileIdentity() {
    }

    /**
     * The key of a file: the system's file key, such as {@code (dev=803,ino=1234)}; where the file system has none,
     * the path, so that such files are followed by name only.
     */
    static String keyOf(Path path, BasicFileAttributes attributes) {
        Object fileKey = attributes.fileKey();
        return fileKey != null ? fileKey.toString() : "path:" + path;
    }
}
