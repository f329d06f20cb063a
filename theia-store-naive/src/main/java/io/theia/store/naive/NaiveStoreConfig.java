package io.theia.store.naive;

import io.theia.api.plugin.InvalidSettingsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of the naive store, bound by the host from the {@code store} section of the configuration.
 *
 * <p>A {@code null} component means its default. The compact constructor validates every component and
 * throws one {@link InvalidSettingsException} naming each key it refuses.
 *
 * @param dataDir the data directory; default {@code data} (relative to the working directory); created if missing
 * @param window seconds covered by one data file; default 60
 * @param flushInterval how long saved events may stay in memory before they are forced to disk; default 1 s;
 *     {@link Duration#ZERO} makes the store synchronous ({@code save} returns after {@code fdatasync})
 * @param maxFileBytes size at which a window's file rolls over to a new file (a file never covers less than one
 *     second, so this is a soft limit); default 64 MiB
 * @param retention which whole old data files to remove; default keeps everything
 * @param maxOpenFiles how many data files the store appends to through a buffer at once; default 16. Writing
 *     to another one writes out the least recently used one's buffer and retires it until the next flush round
 *     forces and closes it; at most as many files wait retired, and when that many do they are forced and
 *     closed at once. So at most twice this many files are open and this many buffers of 256 KiB held,
 *     however many time windows the events spread over.
 */
public record NaiveStoreConfig(Path dataDir, Long window, Duration flushInterval, Long maxFileBytes,
        Retention retention, Integer maxOpenFiles) {

    /** Default data directory, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    /** Default seconds per data file, as the original. */
    public static final long DEFAULT_WINDOW = 60;
    /** Default flush interval, as the original. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** Default size at which a file rolls over. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** Default number of data files appended to at once. */
    public static final int DEFAULT_MAX_OPEN_FILES = 16;

    /** Fills defaults and validates; see the class description. */
    public NaiveStoreConfig {
        List<InvalidSettingsException.Problem> problems = new ArrayList<>();
        dataDir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
        window = window == null ? DEFAULT_WINDOW : window;
        if (window < 1) {
            problems.add(new InvalidSettingsException.Problem("window", "must be at least 1 second, not " + window));
        }
        flushInterval = flushInterval == null ? DEFAULT_FLUSH_INTERVAL : flushInterval;
        if (flushInterval.isNegative()) {
            problems.add(new InvalidSettingsException.Problem("flushInterval", "must not be negative, not "
                    + flushInterval));
        }
        maxFileBytes = maxFileBytes == null ? DEFAULT_MAX_FILE_BYTES : maxFileBytes;
        if (maxFileBytes < 1) {
            problems.add(new InvalidSettingsException.Problem("maxFileBytes", "must be positive, not "
                    + maxFileBytes));
        }
        retention = retention == null ? new Retention(null, null) : retention;
        maxOpenFiles = maxOpenFiles == null ? DEFAULT_MAX_OPEN_FILES : maxOpenFiles;
        if (maxOpenFiles < 1) {
            problems.add(new InvalidSettingsException.Problem("maxOpenFiles", "must be at least 1, not "
                    + maxOpenFiles));
        }
        InvalidSettingsException.throwIfAny(problems);
    }

    /** A configuration with the default {@code maxOpenFiles}; see the class description. */
    public NaiveStoreConfig(Path dataDir, Long window, Duration flushInterval, Long maxFileBytes,
            Retention retention) {
        this(dataDir, window, flushInterval, maxFileBytes, retention, null);
    }

    /** A configuration with every default but the data directory. */
    public static NaiveStoreConfig of(Path dataDir) {
        return new NaiveStoreConfig(dataDir, null, null, null, null, null);
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
            List<InvalidSettingsException.Problem> problems = new ArrayList<>();
            if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
                problems.add(new InvalidSettingsException.Problem("maxAge", "must be positive, not " + maxAge));
            }
            if (maxBytes != null && maxBytes < 1) {
                problems.add(new InvalidSettingsException.Problem("maxBytes", "must be positive, not " + maxBytes));
            }
            InvalidSettingsException.throwIfAny(problems);
        }

        /** Whether any limit is set. */
        public boolean limited() {
            return maxAge != null || maxBytes != null;
        }
    }
}
