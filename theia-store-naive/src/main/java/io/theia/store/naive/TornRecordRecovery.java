package io.theia.store.naive;

import io.theia.api.codec.EventHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a data file when the store opens: learns its span, indexes its ids and repairs what a crash left.
 *
 * <p>A corrupt record in the middle is logged with its offset and skipped (its bytes stay, and searches skip
 * them too). Damage that runs to the end of the file is a torn last record: the file is cut back to the end of
 * its last whole record, and the cut is logged. A file whose last record lacks its separating line break gets
 * one, so that the next append starts a record of its own. Stateless.
 */
final class TornRecordRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(TornRecordRecovery.class);

    private TornRecordRecovery() {
    }

    /** Scans {@code file} from {@code from} (a record boundary) to its end, adding every whole record. */
    static void scan(DataFile file, long from, IdIndex index) throws IOException {
        long tornAt;
        long lastRecordEnd;
        long recordsBefore = file.records;
        try (FileRegion region = FileRegion.open(file.path)) {
            RecordScanner scanner = new RecordScanner(region, from, (start, stop, cause) -> {
                if (stop < region.length()) {
                    LOG.warn("data file {}: corrupt record at byte offset {} skipped ({} bytes up to the next "
                            + "record at {}): {}", file.path, start, stop - start, stop, cause.getMessage());
                }
            });
            for (EventHeader header = scanner.next(); header != null; header = scanner.next()) {
                index.add(IdIndex.hash(header.id()), IdIndex.Locations.of(file.id, header.offset()));
                file.include(header.timestamp());
            }
            tornAt = scanner.tornAt();
            lastRecordEnd = scanner.goodEnd();
            file.length = region.length();
        }
        if (tornAt >= 0 && from == 0 && file.records == recordsBefore) {
            LOG.warn("data file {}: no event could be read from it; its bytes are left as they are", file.path);
            if (file.length > 0 && !endsWith(file, (byte) '\n')) {
                appendLineBreak(file);
            }
            return;
        }
        if (tornAt >= 0) {
            LOG.warn("data file {}: torn record at byte offset {} cut off ({} bytes up to the end of the file)",
                    file.path, tornAt, file.length - tornAt);
            try (FileChannel channel = FileChannel.open(file.path, StandardOpenOption.WRITE)) {
                channel.truncate(tornAt);
                channel.force(false);
            }
            file.length = tornAt;
        }
        if (file.records > recordsBefore && file.length == lastRecordEnd) {
            appendLineBreak(file);
        }
    }

    private static boolean endsWith(DataFile file, byte last) throws IOException {
        try (FileRegion region = FileRegion.open(file.path, file.length)) {
            return region.byteAt(region.length() - 1) == last;
        }
    }

    /** Appends the line break that separates the last record from the next one. */
    private static void appendLineBreak(DataFile file) throws IOException {
        try (FileChannel channel = FileChannel.open(file.path, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}), file.length);
            channel.force(false);
        }
        file.length++;
    }
}
