package io.theia.store.naive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Removes one record's bytes from a data file: writes the file without them to a temporary file, forces it,
 * renames it over the data file and forces the directory. A crash leaves either the old file or the new one,
 * plus perhaps a stray temporary file that the next open removes. Stateless.
 */
final class RecordRemover {

    private RecordRemover() {
    }

    /**
     * Rewrites {@code file} without the bytes {@code [offset, offset + count)}.
     *
     * @param length the file's length (everything after it is ignored)
     * @param temporary where to build the new file, on the same file system
     */
    static void remove(Path file, long length, long offset, long count, Path temporary, DirectorySync directory)
            throws IOException {
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ);
                FileChannel target = FileChannel.open(temporary, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            copy(source, 0, offset, target);
            copy(source, offset + count, length - offset - count, target);
            target.force(false);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        directory.force();
    }

    private static void copy(FileChannel source, long from, long count, FileChannel target) throws IOException {
        long done = 0;
        while (done < count) {
            long moved = source.transferTo(from + done, count - done, target);
            if (moved <= 0) {
                throw new IOException("the file ended while copying at byte " + (from + done));
            }
            done += moved;
        }
    }
}
