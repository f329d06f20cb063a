package io.theia.store.naive;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
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
 * ({@link ReadAheadCursor}), and so are the next few files to join, so that a scan keeps every reader thread
 * busy; memory stays bounded by the overlapping files plus those few. Not thread-safe; one merger per search.
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
    /** How many files to start ahead of the merge. */
    private final int filesAhead;
    /** The cursors of the next files to join, started ahead, in joining order. */
    private final ArrayDeque<ReadAheadCursor> ahead = new ArrayDeque<>();
    private final PriorityQueue<ReadAheadCursor> open;
    private boolean closed;

    SearchMerger(List<DataFile.Snapshot> files, EventQuery.Order order, int filesAhead, CursorStarter starter) {
        this.starter = starter;
        this.filesAhead = filesAhead;
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
            ReadAheadCursor cursor = ahead.isEmpty() ? starter.start(file) : ahead.poll();
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
        while (ahead.size() < filesAhead && joined + ahead.size() < files.size()) {
            ahead.add(starter.start(files.get(joined + ahead.size())));
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
        ahead.forEach(ReadAheadCursor::close);
        ahead.clear();
    }
}
