package io.theia.store.naive;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges the cursors of several data files into one stream strictly ordered by timestamp.
 *
 * <p>Files are opened lazily: a file is opened only when the merge reaches the start of its time span (its end,
 * descending), so only files whose spans overlap are open together and memory stays bounded by them. Not
 * thread-safe; one merger per search.
 */
final class SearchMerger implements Iterator<Event>, AutoCloseable {

    /** Opens a cursor on a file as of now; {@code null} when the file is gone. */
    interface CursorOpener {
        FileCursor open(DataFile.Snapshot file) throws IOException;
    }

    private final CursorOpener opener;
    private final boolean ascending;
    private final PriorityQueue<DataFile.Snapshot> pending;
    private final PriorityQueue<FileCursor> open;
    private boolean closed;

    SearchMerger(List<DataFile.Snapshot> files, EventQuery.Order order, CursorOpener opener) {
        this.opener = opener;
        this.ascending = order == EventQuery.Order.ASC;
        Comparator<DataFile.Snapshot> byBound = ascending
                ? Comparator.comparing(DataFile.Snapshot::min)
                : Comparator.comparing(DataFile.Snapshot::max).reversed();
        Comparator<FileCursor> byHead = Comparator.comparing(cursor -> cursor.head().timestamp());
        this.pending = new PriorityQueue<>(Math.max(1, files.size()), byBound);
        this.pending.addAll(files);
        this.open = new PriorityQueue<>(ascending ? byHead : byHead.reversed());
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        openReachedFiles();
        return !open.isEmpty();
    }

    @Override
    public Event next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        FileCursor cursor = open.poll();
        Event event = cursor.head();
        try {
            cursor.advance();
        } catch (IOException | RuntimeException e) {
            closeQuietly(cursor);
            throw failure(e, "reading data file " + cursor);
        }
        if (cursor.head() != null) {
            open.add(cursor);
        } else {
            closeQuietly(cursor);
        }
        return event;
    }

    private void openReachedFiles() {
        while (!pending.isEmpty() && (open.isEmpty() || reached(pending.peek(), open.peek().head().timestamp()))) {
            DataFile.Snapshot current = pending.poll();
            FileCursor cursor;
            try {
                cursor = opener.open(current);
            } catch (IOException | RuntimeException e) {
                throw failure(e, "reading data file " + current.file());
            }
            if (cursor != null && cursor.head() != null) {
                open.add(cursor);
            } else if (cursor != null) {
                closeQuietly(cursor);
            }
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

    private static void closeQuietly(FileCursor cursor) {
        try {
            cursor.close();
        } catch (IOException ignored) {
            // read-only file: nothing is lost
        }
    }

    @Override
    public void close() {
        closed = true;
        open.forEach(SearchMerger::closeQuietly);
        open.clear();
        pending.clear();
    }
}
