package io.theia.watcher;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for changes in the followed directories through the JDK's {@link WatchService} where the operating system
 * backs it (inotify on Linux); where the JDK would only poll, it is not used and the caller's own polling does the
 * work. The notices are hints: the caller also looks at the files every poll interval, because inotify can
 * overflow and some file systems (NFS) send nothing.
 *
 * <p>One thread calls {@link #watch} and {@link #await}; {@link #close} may come from any thread and wakes it.
 */
final class DirectoryWatcher implements AutoCloseable {

    /** What {@link #await} saw. */
    enum Change {
        /** Nothing, or the time was up. */
        NONE,
        /** A followed directory's files grew. */
        MODIFIED,
        /** Files were created, deleted or moved, or notices were lost: look for files again. */
        ENTRIES
    }

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closing = lock.newCondition();
    private volatile boolean closed;
    private boolean registrationFailureReported;

    private DirectoryWatcher(WatchService service) {
        this.service = service;
    }

    /** A watcher using the OS's notices where the JDK has them, otherwise one that only waits. */
    static DirectoryWatcher create(String sourceName) {
        try {
            WatchService service = FileSystems.getDefault().newWatchService();
            if (service.getClass().getName().contains("Polling")) {
                service.close();
                LOG.info("Source '{}': no file notices from this system; looking for changes by polling", sourceName);
                return new DirectoryWatcher(null);
            }
            return new DirectoryWatcher(service);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("Source '{}': file notices unavailable ({}); looking for changes by polling", sourceName,
                    e.toString());
            return new DirectoryWatcher(null);
        }
    }

    /** Whether the operating system notifies of changes. */
    boolean notifies() {
        return service != null;
    }

    /** Watches exactly these directories from now on. */
    void watch(Set<Path> directories) {
        if (service == null || closed) {
            return;
        }
        for (Iterator<Map.Entry<Path, WatchKey>> entries = keys.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<Path, WatchKey> entry = entries.next();
            if (!directories.contains(entry.getKey()) || !entry.getValue().isValid()) {
                entry.getValue().cancel();
                entries.remove();
            }
        }
        for (Path directory : directories) {
            if (keys.containsKey(directory)) {
                continue;
            }
            try {
                keys.put(directory, directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
            } catch (IOException | ClosedWatchServiceException e) {
                if (!registrationFailureReported) {
                    registrationFailureReported = true;
                    LOG.warn("Cannot watch {} for changes ({}); changes there are found by polling", directory,
                            e.toString());
                }
            }
        }
    }

    /** Waits up to {@code nanos} for a change and reports the most telling one seen. */
    Change await(long nanos) {
        if (closed || nanos <= 0) {
            return Change.NONE;
        }
        if (service == null) {
            sleep(nanos);
            return Change.NONE;
        }
        try {
            WatchKey key = service.poll(nanos, TimeUnit.NANOSECONDS);
            Change change = Change.NONE;
            while (key != null) {
                change = max(change, drain(key));
                key = service.poll();
            }
            return change;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Change.NONE;
        } catch (ClosedWatchServiceException e) {
            return Change.NONE;
        }
    }

    /** Stops watching and wakes a waiting {@link #await}. */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            closing.signalAll();
        } finally {
            lock.unlock();
        }
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LOG.debug("Closing the watch service failed", e);
            }
        }
    }

    private static Change drain(WatchKey key) {
        Change change = Change.NONE;
        for (WatchEvent<?> event : key.pollEvents()) {
            change = max(change, event.kind() == StandardWatchEventKinds.ENTRY_MODIFY ? Change.MODIFIED
                    : Change.ENTRIES);
        }
        if (!key.reset()) {
            change = Change.ENTRIES;
        }
        return change;
    }

    private static Change max(Change a, Change b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void sleep(long nanos) {
        lock.lock();
        try {
            long remaining = nanos;
            while (!closed && remaining > 0) {
                remaining = closing.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
