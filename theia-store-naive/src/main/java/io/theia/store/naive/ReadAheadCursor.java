package io.theia.store.naive;

import io.theia.api.event.Event;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The matches of one data file, decoded on a worker thread ahead of the search that consumes them, so that a
 * search decodes the next file (or the rest of this one) while its caller handles the events already returned.
 *
 * <p>The worker opens the file's {@link Source} and decodes matches into batches (16 events at first, so
 * that the first events come quickly, doubling up to {@value #MAX_BATCH}) until about {@value #MAX_AHEAD_BYTES}
 * bytes of events wait (an event counts its content's length plus {@value #EVENT_OVERHEAD_BYTES}), then gives
 * its thread back; the consumer schedules it again once half of that is taken. It never decodes more matches
 * than the search's limit. Workers never block, so any number of cursors share a small pool. Memory per cursor is
 * bounded by those waiting events (one batch more when single events are larger). A failure while opening or
 * reading reaches the consumer after the events read before it. One consumer thread.
 */
final class ReadAheadCursor implements AutoCloseable {

    /** The matches to read ahead, in order; {@link FileCursor} is one. Used by one thread at a time. */
    interface Source extends Closeable {
        /** The current match, or {@code null} when there are no more. */
        Event head();

        /** Moves to the next match. */
        void advance() throws IOException;
    }

    /** Opens the source as of now; returns {@code null} when the file is gone. */
    interface Opener {
        Source open() throws IOException;
    }

    private static final int FIRST_BATCH = 16;
    private static final int MAX_BATCH = 512;
    private static final long MAX_AHEAD_BYTES = 4L * 1024 * 1024;
    private static final int EVENT_OVERHEAD_BYTES = 256;
    private static final Object END = new Object();

    /** Names the file in errors; its text is made only when needed. */
    private final Object name;
    private final Opener opener;
    private final Executor executor;
    /** Batches, then {@link #END} or the failure that stopped the worker. */
    private final BlockingQueue<Object> ready = new LinkedBlockingQueue<>();
    /** Whether the worker is scheduled or running; it owns {@link #source} while this is set. */
    private final AtomicBoolean working = new AtomicBoolean();
    /** Bytes of the events in {@link #ready} not yet taken, counted as {@link #weight} does. */
    private final AtomicLong waiting = new AtomicLong();
    private volatile boolean cancelled;

    // worker state
    /** Matches still wanted: the search's limit less those decoded. */
    private long wanted;
    private Source source;
    private boolean opened;
    private int batchSize = FIRST_BATCH;

    // consumer state
    private Event[] batch = new Event[0];
    private int index;
    private Event head;
    private boolean ended;

    private ReadAheadCursor(Object name, Opener opener, long limit, Executor executor) {
        this.name = name;
        this.wanted = limit;
        this.opener = opener;
        this.executor = executor;
    }

    /**
     * Starts reading ahead at once: at most {@code limit} matches. {@code name} names the file in errors.
     */
    static ReadAheadCursor start(Object name, Opener opener, long limit, Executor executor) {
        ReadAheadCursor cursor = new ReadAheadCursor(name, opener, limit, executor);
        cursor.schedule();
        return cursor;
    }

    /** Waits for the first match; call before {@link #head()}. */
    ReadAheadCursor awaitFirst() throws IOException {
        advance();
        return this;
    }

    /** The current event, or {@code null} when the file has no more matches. */
    Event head() {
        return head;
    }

    /** Moves to the next match, waiting for the worker when it has not decoded it yet. */
    void advance() throws IOException {
        while (index == batch.length) {
            if (ended) {
                head = null;
                return;
            }
            Object next = ready.poll();
            if (next == null) {
                schedule();
                try {
                    next = ready.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading " + name);
                }
            }
            if (next == END) {
                ended = true;
            } else if (next instanceof Batch taken) {
                batch = taken.events();
                index = 0;
                if (waiting.addAndGet(-taken.bytes()) <= MAX_AHEAD_BYTES / 2) {
                    schedule();
                }
            } else {
                ended = true;
                rethrow((Throwable) next);
            }
        }
        head = batch[index];
        batch[index++] = null;
    }

    @Override
    public void close() {
        cancelled = true;
        if (working.compareAndSet(false, true)) {
            closeSource();
        }
        ready.clear();
    }

    @Override
    public String toString() {
        return String.valueOf(name);
    }

    private void schedule() {
        if (!cancelled && working.compareAndSet(false, true)) {
            try {
                executor.execute(this::work);
            } catch (RejectedExecutionException e) {
                work();
            }
        }
    }

    /** Decodes batches until enough wait or the file ends; keeps {@link #working} set once it is done. */
    private void work() {
        while (true) {
            try {
                while (!cancelled && waiting.get() < MAX_AHEAD_BYTES) {
                    if (!decodeBatch()) {
                        closeSource();
                        ready.add(END);
                        return;
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                closeSource();
                ready.add(e);
                return;
            }
            if (cancelled) {
                closeSource();
                return;
            }
            working.set(false);
            if (!(cancelled || waiting.get() < MAX_AHEAD_BYTES) || !working.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Decodes the next batch into {@link #ready}; whether the file may hold more. */
    private boolean decodeBatch() throws IOException {
        if (!opened) {
            opened = true;
            source = opener.open();
        }
        if (source == null) {
            return false;
        }
        Event[] events = new Event[(int) Math.min(batchSize, wanted)];
        int count = 0;
        long bytes = 0;
        try {
            while (count < events.length && bytes < MAX_AHEAD_BYTES / 4 && source.head() != null) {
                events[count++] = source.head();
                bytes += weight(source.head());
                source.advance();
            }
        } finally {
            if (count > 0) {
                wanted -= count;
                waiting.addAndGet(bytes);
                ready.add(new Batch(count == events.length ? events : Arrays.copyOf(events, count), bytes));
            }
        }
        batchSize = Math.min(MAX_BATCH, batchSize * 2);
        return wanted > 0 && source.head() != null;
    }

    /** What an event counts for against {@value #MAX_AHEAD_BYTES}: about its bytes in memory. */
    private static long weight(Event event) {
        return event.content().length() + EVENT_OVERHEAD_BYTES;
    }

    private void closeSource() {
        if (source != null) {
            try {
                source.close();
            } catch (IOException ignored) {
                // read-only file: nothing is lost
            }
            source = null;
        }
    }

    /** Decoded events and their {@link #weight}s' sum. */
    private record Batch(Event[] events, long bytes) {
    }

    private static void rethrow(Throwable cause) throws IOException {
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) cause;
    }
}
