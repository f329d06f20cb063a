package io.theia.watcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files a source follows, by file key, kept in step with what discovery finds ({@code tail -F} semantics).
 *
 * <ul>
 *   <li>A key seen for the first time is a new file: it starts at its checkpoint if it has one from an earlier
 *       run, at its end if it was there at the very first start and {@code startAt} is {@code end}, otherwise at
 *       its beginning (files that appear later, or while the source was stopped).</li>
 *   <li>A known key under another followed name was moved: it is followed on under the new name.</li>
 *   <li>A known key no longer at any followed name was renamed away (rotation) or deleted: it stays open, is read
 *       to its end first, and is let go once it has not grown for the rotated-file timeout.</li>
 *   <li>At start, a checkpoint whose file is at no followed name is looked for in its old directory (rotated while
 *       the source was stopped); found, its rest is read; not found, the checkpoint is forgotten.</li>
 * </ul>
 *
 * Files that cannot be opened are reported once and tried again at every scan. Not thread-safe: used by the
 * reading thread only.
 */
final class FileTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileTracker.class);

    private final String sourceName;
    private final TrackedFile.Settings settings;
    private final EventBatcher batcher;
    private final boolean startAtEnd;
    private final long rotatedTimeoutNanos;
    private final Map<String, TrackedFile> files = new LinkedHashMap<>();
    private final Map<String, Checkpoint> restored = new HashMap<>();
    private final Predicate<Path> covered;
    private final Set<Path> unreadable = new HashSet<>();
    private boolean firstScan = true;

    /**
     * A tracker.
     *
     * @param restored the checkpoints of the previous run
     * @param startAtEnd whether files already there at this (first ever) start begin at their end
     */
    FileTracker(String sourceName, TrackedFile.Settings settings, EventBatcher batcher, Iterable<Checkpoint> restored,
            boolean startAtEnd, long rotatedTimeoutNanos, Predicate<Path> covered) {
        this.sourceName = sourceName;
        this.covered = covered;
        this.settings = settings;
        this.batcher = batcher;
        this.startAtEnd = startAtEnd;
        this.rotatedTimeoutNanos = rotatedTimeoutNanos;
        restored.forEach(checkpoint -> this.restored.put(checkpoint.fileKey(), checkpoint));
    }

    /** Brings the followed files in line with the files found now. */
    void update(Set<Path> found, long nowNanos) {
        Set<String> seen = new HashSet<>();
        for (Path path : found) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (IOException e) {
                continue;
            }
            if (!attributes.isRegularFile()) {
                continue;
            }
            String key = FileIdentity.keyOf(path, attributes);
            if (!seen.add(key)) {
                continue;
            }
            TrackedFile file = files.get(key);
            if (file == null) {
                follow(path, key, attributes.size(), nowNanos);
            } else {
                if (!file.path().equals(path)) {
                    LOG.info("Source '{}': {} was moved to {}; following it there", sourceName, file.path(), path);
                    file.movedTo(path);
                }
                file.markFollowed();
            }
        }
        for (TrackedFile file : files.values()) {
            if (!seen.contains(file.key()) && !file.isRotated()) {
                LOG.info("Source '{}': {} was renamed or deleted; reading it to its end", sourceName, file.path());
                file.markRotated();
            }
        }
        if (firstScan) {
            firstScan = false;
            recoverUnfollowed(seen, nowNanos);
        }
    }

    /** The files in reading order: those renamed away first, so that an old file is finished before its successor. */
    List<TrackedFile> inReadingOrder() {
        List<TrackedFile> ordered = new ArrayList<>(files.size());
        files.values().stream().filter(TrackedFile::isRotated).forEach(ordered::add);
        files.values().stream().filter(file -> !file.isRotated()).forEach(ordered::add);
        return ordered;
    }

    /** Stops following a file after a read error; it is reopened at its last record by the next scan. */
    void dropAfterError(TrackedFile file, IOException error) {
        LOG.warn("Source '{}': reading {} failed ({}); trying again at the next scan", sourceName, file.path(),
                error.toString());
        files.remove(file.key());
        restored.put(file.key(), new Checkpoint(file.key(), file.path(), file.emittedEnd()));
        file.close();
    }

    /** Hands over multi-line records whose timeout passed and lets go of rotated files that are done. */
    void expire(long nowNanos) {
        for (TrackedFile file : List.copyOf(files.values())) {
            if (file.isWaiting() && nowNanos - file.waitingDeadline() >= 0) {
                file.flushWaiting();
            }
            if (file.isRotated() && nowNanos - file.lastGrowthNanos() >= rotatedTimeoutNanos && atEnd(file)) {
                file.flushWaiting();
                batcher.forget(file.key());
                files.remove(file.key());
                file.close();
                LOG.info("Source '{}': finished {}", sourceName, file.path());
            }
        }
    }

    /** Nanoseconds until {@link #expire} has something to do, or {@link Long#MAX_VALUE}. */
    long nanosUntilExpiry(long nowNanos) {
        long next = Long.MAX_VALUE;
        for (TrackedFile file : files.values()) {
            if (file.isWaiting()) {
                next = Math.min(next, Math.max(0, file.waitingDeadline() - nowNanos));
            }
            if (file.isRotated()) {
                next = Math.min(next, Math.max(0, file.lastGrowthNanos() + rotatedTimeoutNanos - nowNanos));
            }
        }
        return next;
    }

    /** How many files are followed, rotated ones included. */
    int size() {
        return files.size();
    }

    @Override
    public void close() {
        files.values().forEach(TrackedFile::close);
        files.clear();
    }

    private void follow(Path path, String key, long size, long nowNanos) {
        Checkpoint checkpoint = restored.get(key);
        long offset;
        if (checkpoint != null) {
            offset = checkpoint.offset();
            if (offset > size) {
                LOG.info("Source '{}': {} shrank to {} bytes while not followed (checkpoint at {}); reading it from "
                        + "the start", sourceName, path, size, offset);
                offset = 0;
            }
        } else {
            offset = firstScan && startAtEnd ? -1 : 0;
        }
        Optional<TrackedFile> opened = open(path, key, offset, nowNanos);
        if (opened.isPresent()) {
            restored.remove(key);
            TrackedFile file = opened.get();
            files.put(key, file);
            batcher.position(file, file.emittedEnd());
            LOG.info("Source '{}': following {} from byte {}", sourceName, path, file.emittedEnd());
        }
    }

    private Optional<TrackedFile> open(Path path, String key, long offset, long nowNanos) {
        TrackedFile file;
        try {
            file = TrackedFile.open(path, key, offset, settings, batcher, nowNanos);
        } catch (IOException e) {
            if (unreadable.add(path)) {
                LOG.warn("Source '{}': cannot read {} ({}); trying again at every scan", sourceName, path,
                        e.toString());
            }
            return Optional.empty();
        }
        // The name may have been given to another file between looking and opening.
        try {
            if (!FileIdentity.keyOf(path, Files.readAttributes(path, BasicFileAttributes.class)).equals(key)) {
                file.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            file.close();
            return Optional.empty();
        }
        if (unreadable.remove(path)) {
            LOG.info("Source '{}': {} is readable now", sourceName, path);
        }
        return Optional.of(file);
    }

    /** Looks for files with checkpoints but at no followed name: rotated while the source was stopped. */
    private void recoverUnfollowed(Set<String> seen, long nowNanos) {
        for (Checkpoint checkpoint : List.copyOf(restored.values())) {
            if (seen.contains(checkpoint.fileKey())) {
                continue;
            }
            restored.remove(checkpoint.fileKey());
            if (!covered.test(checkpoint.path())) {
                LOG.info("Source '{}': {} is no longer among the files to follow; forgetting its checkpoint",
                        sourceName, checkpoint.path());
                batcher.forget(checkpoint.fileKey());
                continue;
            }
            Optional<Path> moved = findByKey(checkpoint.path().getParent(), checkpoint.fileKey());
            if (moved.isPresent()) {
                resumeRotated(checkpoint, moved.get(), nowNanos);
            } else {
                LOG.info("Source '{}': {} is gone; forgetting its checkpoint", sourceName, checkpoint.path());
                batcher.forget(checkpoint.fileKey());
            }
        }
    }

    private void resumeRotated(Checkpoint checkpoint, Path path, long nowNanos) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            batcher.forget(checkpoint.fileKey());
            return;
        }
        long offset = checkpoint.offset() <= size ? checkpoint.offset() : 0;
        Optional<TrackedFile> opened = open(path, checkpoint.fileKey(), offset, nowNanos);
        if (opened.isEmpty()) {
            batcher.forget(checkpoint.fileKey());
            return;
        }
        TrackedFile file = opened.get();
        file.markRotated();
        files.put(file.key(), file);
        LOG.info("Source '{}': {} was renamed to {} while the source was stopped; reading the rest of it from byte "
                + "{}", sourceName, checkpoint.path(), path, offset);
    }

    private static Optional<Path> findByKey(Path directory, String key) {
        if (directory == null || !Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                    if (attributes.isRegularFile() && FileIdentity.keyOf(entry, attributes).equals(key)) {
                        return Optional.of(entry);
                    }
                } catch (IOException e) {
                    // vanished or unreadable: not the one
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean atEnd(TrackedFile file) {
        try {
            return file.atEnd();
        } catch (IOException e) {
            return true;
        }
    }
}
