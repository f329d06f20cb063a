package io.theia.store.naive;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive lock on a data directory: an operating-system lock ({@link FileChannel#tryLock()}) on
 * {@code .theia/lock}, which holds the holder's pid and host.
 *
 * <p>The operating system drops the lock when its process dies, however it dies, so a lock file left by a dead
 * process is simply taken over (and its old holder logged). Operating-system locks belong to the process, not to
 * the channel, so stores of one process are also kept apart by a registry of the directories this process has
 * open: a second store never opens (and so never closes, which would release the first one's lock) the lock
 * file of a directory that is open. Thread-safe.
 */
final class DirectoryLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);
    /** The directories open in this process, by real path, with who opened them. */
    private static final Map<Path, String> OPEN_HERE = new ConcurrentHashMap<>();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir} (which must exist) in {@code lockFile}.
     *
     * @throws DataDirectoryLockedException when another store, in this process or another, holds it
     */
    static DirectoryLock acquire(Path dataDir, Path lockFile) throws IOException {
        Path directory = dataDir.toRealPath();
        String self = describe(ProcessHandle.current().pid(), hostName());
        String holder = OPEN_HERE.putIfAbsent(directory, self + " (this process)");
        if (holder != null) {
            throw new DataDirectoryLockedException(dataDir, lockFile, holder);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // this process holds it through a path the registry did not recognise (a bind mount): keep the
                // channel open, since closing it would release the holder's lock
                channel = null;
                throw new DataDirectoryLockedException(dataDir, lockFile, self + " (this process)");
            }
            if (lock == null) {
                String other = read(channel);
                throw new DataDirectoryLockedException(dataDir, lockFile,
                        other.isEmpty() ? "another process (that has not written its pid yet)" : other);
            }
            String previous = read(channel);
            if (!previous.isEmpty()) {
                LOG.warn("{}: taking over the lock of {}, which ended without closing the store", lockFile,
                        previous);
            }
            byte[] content = (self + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(content), 0);
            channel.force(false);
            DirectoryLock taken = new DirectoryLock(directory, channel, lock);
            channel = null;
            return taken;
        } catch (IOException | RuntimeException | Error e) {
            OPEN_HERE.remove(directory);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /**
     * Empties the lock file and releases the lock; the file stays, for the next holder. A holder found in it at
     * the next open therefore ended without closing the store.
     */
    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                OPEN_HERE.remove(directory);
            }
        }
    }

    private static String describe(long pid, String host) {
        return "pid " + pid + " on host " + host;
    }

    /** What the lock file says about its holder, or why nothing can be said. */
    private static String read(FileChannel channel) {
        try {
            long size = Math.min(channel.size(), 1024);
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
                // read on
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "a process that cannot be named (" + e.getMessage() + ")";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            String name = System.getenv("HOSTNAME");
            return name == null || name.isBlank() ? "unknown" : name;
        }
    }
}
