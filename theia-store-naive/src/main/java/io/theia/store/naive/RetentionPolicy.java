package io.theia.store.naive;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the whole data files that retention removes: those whose newest event is older than the maximum age,
 * then the oldest ones while the files together exceed the maximum size. Stateless and thread-safe.
 */
final class RetentionPolicy {

    private final NaiveStoreConfig.Retention retention;
    private final Clock clock;

    RetentionPolicy(NaiveStoreConfig.Retention retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    /** The files to remove, oldest first; {@code keep} is never chosen (the file being written). */
    List<DataFile> expired(Collection<DataFile> files, DataFile keep) {
        List<DataFile> byAge = new ArrayList<>();
        long total = 0;
        for (DataFile file : files) {
            total += file.length;
            if (file.maxTimestamp != null && file != keep) {
                byAge.add(file);
            }
        }
        byAge.sort(Comparator.comparing((DataFile file) -> file.maxTimestamp));
        List<DataFile> expired = new ArrayList<>();
        Instant oldest = retention.maxAge() == null ? null : clock.instant().minus(retention.maxAge());
        for (DataFile file : byAge) {
            boolean tooOld = oldest != null && file.maxTimestamp.isBefore(oldest);
            boolean tooBig = retention.maxBytes() != null && total > retention.maxBytes();
            if (!tooOld && !tooBig) {
                break;
            }
            expired.add(file);
            total -= file.length;
        }
        return expired;
    }
}
