package io.theia.watcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading thread of a file source: looks for files (at start, on notices of new or removed entries and every
 * poll interval), reads every followed file in turn (rotated ones first, each to its end), hands over due batches
 * and timed-out multi-line records, and when there is nothing to read waits for a notice or the next deadline.
 * Runs until {@link #stop()}.
 */
final class TailLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TailLoop.class);
    /** Bytes read from one file before the others get their turn. */
    private static final long FAIR_SHARE_BYTES = 1024 * 1024;
    private static final int BUFFER_BYTES = 128 * 1024;

    private final String sourceName;
    private final FileDiscovery discovery;
    private final DirectoryWatcher watcher;
    private final FileTracker tracker;
    private final EventBatcher batcher;
    private final long pollNanos;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private volatile boolean running = true;

    TailLoop(String sourceName, FileDiscovery discovery, DirectoryWatcher watcher, FileTracker tracker,
            EventBatcher batcher, long pollNanos) {
        this.sourceName = sourceName;
        this.discovery = discovery;
        this.watcher = watcher;
        this.tracker = tracker;
        this.batcher = batcher;
        this.pollNanos = pollNanos;
    }

    @Override
    public void run() {
        long nextScan = System.nanoTime();
        boolean scanRequested = true;
        boolean announced = false;
        while (running) {
            try {
                if (scanRequested || System.nanoTime() - nextScan >= 0) {
                    scanRequested = false;
                    nextScan = scan(System.nanoTime());
                    if (!announced) {
                        announced = true;
                        LOG.info("Source '{}' follows {} file(s){}", sourceName, tracker.size(),
                                watcher.notifies() ? "" : " (polling)");
                    }
                }
                boolean progress = readAll();
                long now = System.nanoTime();
                tracker.expire(now);
                batcher.flushIfDue(now);
                if (!running || progress) {
                    continue;
                }
                long wait = Math.min(nextScan - now, Math.min(batcher.nanosUntilDue(now),
                        tracker.nanosUntilExpiry(now)));
                scanRequested = watcher.await(wait) == DirectoryWatcher.Change.ENTRIES;
            } catch (RuntimeException e) {
                // A bug must not end following for good: report it, pause, and go on.
                LOG.error("Source '{}': unexpected error; going on after {} ms", sourceName, pollNanos / 1_000_000, e);
                watcher.await(pollNanos);
            }
        }
    }

    /** Ends the loop after its current step. */
    void stop() {
        running = false;
    }

    private long scan(long now) {
        FileDiscovery.Scan scan = discovery.scan();
        watcher.watch(scan.directories());
        tracker.update(scan.files(), now);
        return now + pollNanos;
    }

    private boolean readAll() {
        boolean progress = false;
        for (TrackedFile file : tracker.inReadingOrder()) {
            if (!running) {
                return progress;
            }
            try {
                long budget = file.isRotated() ? Long.MAX_VALUE : FAIR_SHARE_BYTES;
                progress |= file.read(buffer, budget, System.nanoTime()) > 0;
            } catch (IOException e) {
                tracker.dropAfterError(file, e);
            }
        }
        return progress;
    }
}
