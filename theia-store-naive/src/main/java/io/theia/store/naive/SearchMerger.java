package io.theia.store.naive;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges the cursors of several data files into one stream strictly ordered by timestamp.
 *
 * <p>Files join the merge lazily: a file is merged only when the merge reaches the start of its time span (its
 * end, descending), so only files whose spans overlap are merged together. Each file is read ahead of the merge
 * ({@link ReadAheadCursor}), and so is the next file to join, so a scan decodes two files at once; memory stays
 * bounded by the overlapping files plus one. Not thread-safe; one merger per search.
 */
final class SearchMerger implements Iterator<Event>, AutoCloseable {

    /** Starts reading a file ahead; its cursor yields nothing when the file is gone. */
    interface CursorStarter {
        ReadAheadCursor start(DataFile.Snapshot file);
    }

    private final CursorStarter starter;
    private final boolean ascending;
    /** The files in the order they join the merge; {@link #joined} of them have joined. */
    private final List<DataFile.Snapshot> files;
    private int joined;
    /** The cursor of the next file to join, started ahead; null when none is. */
    private ReadAheadCursor next;
    private final PriorityQueue<ReadAheadCursor> open;
    private boolean closed;

    SearchMerger(List<DataFile.Snapshot> files, EventQuery.Order order, CursorStarter starter) {
        this.starter = starter;
        this.ascending = order == EventQuery.Order.ASC;
        Comparator<DataFile.Snapshot> byBound = ascending
                ? Comparator.comparing(DataFile.Snapshot::min)
                : Comparator.comparing(DataFile.Snapshot::max).reversed();
        this.files = new ArrayList<>(files);
        this.files.sort(byBound);
        Comparator<ReadAheadCursor> byHead = Comparator.comparing(cursor -> cursor.head().timestamp());
        this.open = new PriorityQueue<>(ascending ? byHead : byHead.reversed());
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        joinReachedFiles();
        return !open.isEmpty();
    }

    @Override
    public Event next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ReadAheadCursor cursor = open.poll();
        Event event = cursor.head();
        try {
            cursor.advance();
        } catch (IOException | RuntimeException e) {
            cursor.close();
            throw failure(e, "reading data file " + cursor);
        }
        if (cursor.head() != null) {
            open.add(cursor);
        } else {
            cursor.close();
        }
        return event;
    }

    private void joinReachedFiles() {
        while (joined < files.size()
                && (open.isEmpty() || reached(files.get(joined), open.peek().head().timestamp()))) {
            DataFile.Snapshot file = files.get(joined++);
            ReadAheadCursor cursor = next != null ? next : starter.start(file);
            next = null;
            try {
                cursor.awaitFirst();
            } catch (IOException | RuntimeException e) {
                cursor.close();
                throw failure(e, "reading data file " + file.file());
            }
            if (cursor.head() != null) {
                open.add(cursor);
            } else {
                cursor.close();
            }
        }
        if (next == null && joined < files.size()) {
            next = starter.start(files.get(joined));
        }
    }

    private boolean reached(DataFile.Snapshot file, Instant head) {
        return ascending ? !file.min().isAfter(head) : !file.max().isBefore(head);
    }

    private static RuntimeException failure(Exception e, String what) {
        if (e instanceof EventReadException read) {
            return read;
        }
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        return new EventReadException(what + " failed: " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        closed = true;
        open.forEach(ReadAheadCursor::close);
        open.clear();
        if (next != null) {
            next.close();
            next = null;
        }
    }
}
