package io.theia.store.naive;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of the naive store, bound by the host from the {@code store} section of the configuration.
 *
 * <p>A {@code null} component means its default. The compact constructor validates every component and
 * throws {@link IllegalArgumentException} naming the key.
 *
 * @param dataDir the data directory; default {@code data} (relative to the working directory); created if missing
 * @param window seconds covered by one data file; default 60
 * @param flushInterval how long saved events may stay in memory before they are forced to disk; default 1 s;
 *     {@link Duration#ZERO} makes the store synchronous ({@code save} returns after {@code fdatasync})
 * @param maxFileBytes size at which a window's file rolls over to a new file (a file never covers less than one
 *     second, so this is a soft limit); default 64 MiB
 * @param retention which whole old data files to remove; default keeps everything
 */
public record NaiveStoreConfig(Path dataDir, Long window, Duration flushInterval, Long maxFileBytes,
        Retention retention) {

    /** Default data directory, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    /** Default seconds per data file, as the original. */
    public static final long DEFAULT_WINDOW = 60;
    /** Default flush interval, as the original. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** Default size at which a file rolls over. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;

    /** Fills defaults and validates; see the class description. */
    public NaiveStoreConfig {
        dataDir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
        window = window == null ? DEFAULT_WINDOW : window;
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1 second, not " + window);
        }
        flushInterval = flushInterval == null ? DEFAULT_FLUSH_INTERVAL : flushInterval;
        if (flushInterval.isNegative()) {
            throw new IllegalArgumentException("flushInterval must not be negative, not " + flushInterval);
        }
        maxFileBytes = maxFileBytes == null ? DEFAULT_MAX_FILE_BYTES : maxFileBytes;
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive, not " + maxFileBytes);
        }
        retention = retention == null ? new Retention(null, null) : retention;
    }

    /** A configuration with every default but the data directory. */
    public static NaiveStoreConfig of(Path dataDir) {
        return new NaiveStoreConfig(dataDir, null, null, null, null);
    }

    /** Whether {@code save} returns only after the events are on stable storage. */
    public boolean synchronous() {
        return flushInterval.isZero();
    }

    /**
     * Which old data files to remove, as whole files; {@code null} components mean no limit.
     *
     * @param maxAge files whose newest event is older than this are removed
     * @param maxBytes the oldest files are removed while the data files together are larger than this
     */
    public record Retention(Duration maxAge, Long maxBytes) {

        /** Validates; see the class description. */
        public Retention {
            if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
                throw new IllegalArgumentException("retention.maxAge must be positive, not " + maxAge);
            }
            if (maxBytes != null && maxBytes < 1) {
                throw new IllegalArgumentException("retention.maxBytes must be positive, not " + maxBytes);
            }
        }

        /** Whether any limit is set. */
        public boolean limited() {
            return maxAge != null || maxBytes != null;
        }
    }
}
