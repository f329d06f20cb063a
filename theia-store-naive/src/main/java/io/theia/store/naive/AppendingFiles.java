package io.theia.store.naive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data files open for appending, and what the next flush round must force.
 *
 * <p>At most {@code maxOpen} files are appended to at once; opening another retires the least recently used one:
 * its buffer is written out and dropped at once, and the next round forces and closes it, so that usually no
 * {@code fdatasync} runs under the store's lock. At most {@code maxOpen} files wait retired: when that many do
 * (events spread over many time windows between two rounds), they are forced and closed at once, under the lock.
 * So open files and buffers stay bounded however the events' timestamps spread. Not thread-safe: guarded by the
 * store's lock.
 */
final class AppendingFiles {

    private final Map<DataFile, AppendTarget> open = new LinkedHashMap<>(32, 0.75f, true);
    private final List<AppendTarget> retired = new ArrayList<>();
    private final FileForcing forcing;
    private final int maxOpen;
    private boolean directoryDirty;
    /** A force of retired files that failed outside a round: the next round fails with it. */
    private IOException unreportedFailure;

    AppendingFiles(FileForcing forcing, int maxOpen) {
        this.forcing = forcing;
        this.maxOpen = maxOpen;
    }

    /** The open target of a file, opening it (and creating the file) when needed. */
    AppendTarget targetFor(DataFile file) throws IOException {
        AppendTarget target = open.get(file);
        if (target == null) {
            if (open.size() >= maxOpen) {
                if (retired.size() >= maxOpen) {
                    closeRetired();
                }
                var eldest = open.entrySet().iterator();
                AppendTarget evicted = eldest.next().getValue();
                evicted.retire();
                retired.add(evicted);
                eldest.remove();
            }
            target = new AppendTarget(file.path, file.length, forcing);
            open.put(file, target);
        }
        return target;
    }

    /** Hands a file's buffered records to the operating system, so that reading the file sees them. */
    void drain(DataFile file) throws IOException {
        AppendTarget target = open.get(file);
        if (target != null) {
            target.drain();
        }
    }

    /** Hands every buffered record to the operating system. */
    void drainAll() throws IOException {
        for (AppendTarget target : open.values()) {
            target.drain();
        }
    }

    /** Stops appending to a file: writes out, forces and closes its target (before the file is rewritten). */
    void stop(DataFile file) throws IOException {
        AppendTarget target = open.remove(file);
        if (target != null) {
            closeForced(target);
        }
    }

    /** Closes a file's target without forcing it (the file is being removed). */
    void discard(DataFile file) throws IOException {
        AppendTarget target = open.remove(file);
        if (target != null) {
            target.close();
        }
    }

    /** Notes that a file was created, renamed or removed, so the next round forces the directory. */
    void directoryChanged() {
        directoryDirty = true;
    }

    /** What a flush round forces: every target written since its last force, and the retired ones. */
    GroupCommit.Round prepareRound() throws IOException {
        if (unreportedFailure != null) {
            IOException failed = unreportedFailure;
            unreportedFailure = null;
            throw new IOException("forcing retired data files failed: " + failed.getMessage(), failed);
        }
        List<AppendTarget> dirty = new ArrayList<>();
        for (AppendTarget target : open.values()) {
            target.drain();
            if (target.dirty()) {
                dirty.add(target);
            }
        }
        List<AppendTarget> retiring = new ArrayList<>(retired);
        retired.clear();
        boolean forceDirectory = directoryDirty;
        directoryDirty = false;
        return new GroupCommit.Round(dirty, retiring, forceDirectory);
    }

    /** How many files are open: appended to, or retired and waiting for their round. */
    int openFiles() {
        return open.size() + retired.size();
    }

    /** Forces and closes the retired targets now (and the directory, if a file was created since its last force). */
    private void closeRetired() throws IOException {
        IOException failed = null;
        for (AppendTarget target : retired) {
            try {
                closeForced(target);
            } catch (IOException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        retired.clear();
        if (failed != null) {
            unreportedFailure = failed;
            throw failed;
        }
    }

    /** Writes out, forces and closes every target. */
    void closeAll() throws IOException {
        for (AppendTarget target : open.values()) {
            closeForced(target);
        }
        open.clear();
        for (AppendTarget target : retired) {
            closeForced(target);
        }
        retired.clear();
    }

    private static void closeForced(AppendTarget target) throws IOException {
        try {
            target.drain();
            target.force();
        } finally {
            target.close();
        }
    }
}
