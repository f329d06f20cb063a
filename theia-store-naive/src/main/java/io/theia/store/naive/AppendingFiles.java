package io.theia.store.naive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
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
    /**
     * Targets forced and closed outside a round (evicted, stopped) since the last round was prepared: the next
     * round counts what they forced as durable once it succeeds, and a rollback before that cuts their files back
     * to what was durable, which no open target remembers.
     */
    private final List<AppendTarget> closed = new ArrayList<>();

    AppendingFiles(FileForcing forcing, int maxOpen) {
        this.forcing = forcing;
        this.maxOpen = maxOpen;
    }

    /** The open target of a file, opening it (and creating the file) when needed. */
    AppendTarget targetFor(DataFile file) throws IOException {
        AppendTarget target = open.get(file);
        if (target == null) {
            target = unretire(file);
        }
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
            target = new AppendTarget(file, file.path, file.length, forcing);
            open.put(file, target);
        }
        return target;
    }

    /**
     * Appends to a retired target of the file again (so that one file never has two targets, each with its own
     * idea of what is durable), or returns null. It was drained at retirement and gets a fresh buffer when needed.
     */
    private AppendTarget unretire(DataFile file) {
        for (int i = 0; i < retired.size(); i++) {
            AppendTarget target = retired.get(i);
            if (target.file == file) {
                retired.remove(i);
                if (open.size() >= maxOpen) {
                    var eldest = open.entrySet().iterator();
                    AppendTarget evicted = eldest.next().getValue();
                    try {
                        evicted.retire();
                    } catch (IOException e) {
                        retired.add(target);
                        return null;
                    }
                    retired.add(evicted);
                    eldest.remove();
                }
                open.put(file, target);
                return target;
            }
        }
        return null;
    }

    /**
     * Rolls one file's appends back to {@code length} (a failed {@code saveAll}): its open target, its retired
     * ones, or the file itself when no target is open.
     *
     * @throws IOException when truncating the file or forcing the truncation failed
     */
    void cutBack(DataFile file, long length) throws IOException {
        AppendTarget target = open.get(file);
        if (target != null) {
            target.cutBack(length);
        }
        for (AppendTarget other : retired) {
            if (other.file == file) {
                other.cutBack(length);
                target = other;
            }
        }
        if (target == null) {
            try (var channel = forcing.open(file.path)) {
                if (channel.size() > length) {
                    forcing.truncate(file.path, channel, length);
                    forcing.force(file.path, channel);
                }
            }
        }
    }

    /**
     * After a failed round (synchronous mode): for each file with bytes not known to be on stable storage, the
     * length it had when it last was, over every target that appended to it (open, retired, in the failed round,
     * or evicted and closed since the last round was prepared).
     */
    Map<DataFile, Long> undurable(GroupCommit.Round failed) {
        Map<DataFile, Long> cuts = new HashMap<>();
        List<AppendTarget> all = new ArrayList<>(open.values());
        all.addAll(retired);
        all.addAll(closed);
        if (failed != null) {
            all.addAll(failed.targets());
            all.addAll(failed.retired());
            all.addAll(failed.closed());
        }
        for (AppendTarget target : all) {
            if (target.file != null && target.durable() < target.end()) {
                cuts.merge(target.file, target.durable(), Math::min);
            }
        }
        return cuts;
    }

    /** After {@link #undurable}'s cuts were made: the closed targets are cut back and forgotten. */
    void forgetClosed() {
        closed.clear();
    }

    /** Hands a file's buffered records to the operating system, so that reading the file sees them. */
    void drain(DataFile file) throws IOException {
        AppendTarget target = open.get(file);
        if (target != null) {
            target.drain();
        }
    }

    /**
     * Makes a file's records readable: hands its buffered records to the operating system, or, when that fails (a
     * full disk), returns a copy of them for the reader to take instead. Null when the file alone holds them all.
     */
    BufferedTail readable(DataFile file) {
        AppendTarget target = open.get(file);
        if (target == null) {
            return null;
        }
        try {
            target.drain();
            return null;
        } catch (IOException e) {
            return target.bufferedTail();
        }
    }


    /** Stops appending to a file: writes out, forces and closes its target (before the file is rewritten). */
    void stop(DataFile file) throws IOException {
        AppendTarget target = open.remove(file);
        if (target != null) {
            try {
                closeForced(target, false);
            } catch (IOException e) {
                unreportedFailure = e;
                throw e;
            }
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
        List<AppendTarget> closedNow = new ArrayList<>(closed);
        closed.clear();
        return new GroupCommit.Round(dirty, retiring, closedNow, forceDirectory);
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
                closeForced(target, true);
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
            closeForced(target, false);
        }
        open.clear();
        for (AppendTarget target : retired) {
            closeForced(target, false);
        }
        retired.clear();
    }

    /**
     * Writes out, forces and closes a target. Tracked (evicted targets): what it forced counts as durable once the
     * next round succeeds, like the round's own files. Untracked (a file about to be rewritten, or closing): at
     * once.
     */
    private void closeForced(AppendTarget target, boolean tracked) throws IOException {
        try {
            target.drain();
            target.force();
            if (!tracked) {
                target.promote();
            }
        } finally {
            if (tracked) {
                closed.add(target);
            }
            target.close();
        }
    }
}
