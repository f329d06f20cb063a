package io.theia.store.naive;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One data file as the store knows it: name, real time span of its records, length, and the state of appending
 * to it. Mutable; every field is guarded by the store's lock.
 */
final class DataFile {

    /** Identifies the file in the id index; never reused while the store is open. */
    final int id;
    DataFileName name;
    Path path;
    /** Bytes in the file including those still buffered for appending. */
    long length;
    /** Earliest and latest record timestamps; both {@code null} while the file holds no record. */
    Instant minTimestamp;
    Instant maxTimestamp;
    long records;
    /** Whether the records are in timestamp order in the file, so a search can stream it in one pass. */
    boolean sorted = true;
    /** Identity of the file on disk (inode), to tell a rewritten file from an appended one. */
    Object fileKey;

    DataFile(int id, DataFileName name, Path path) {
        this.id = id;
        this.name = name;
        this.path = path;
    }

    /** Records a record appended (or found) at the end of the file. */
    void include(Instant timestamp) {
        if (minTimestamp == null) {
            minTimestamp = timestamp;
            maxTimestamp = timestamp;
        } else {
            if (timestamp.isBefore(maxTimestamp)) {
                sorted = false;
            } else {
                maxTimestamp = timestamp;
            }
            if (timestamp.isBefore(minTimestamp)) {
                minTimestamp = timestamp;
            }
        }
        records++;
    }

    /** Whether the file holds any record whose timestamp lies in {@code [start, end]} (either may be null). */
    boolean overlaps(Instant start, Instant end) {
        return minTimestamp != null
                && (start == null || !maxTimestamp.isBefore(start))
                && (end == null || !minTimestamp.isAfter(end));
    }

    /** The span and length a search reads, fixed at the moment it is taken. */
    Snapshot snapshot() {
        return new Snapshot(this, minTimestamp, maxTimestamp);
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /**
     * A data file's time span as a search saw it when it started.
     *
     * @param file the file
     * @param min earliest timestamp then
     * @param max latest timestamp then
     */
    record Snapshot(DataFile file, Instant min, Instant max) {
    }
}
