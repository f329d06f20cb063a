package io.theia.watcher;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Settings of a {@code file} source, as written in a {@code sources} entry of the configuration.
 *
 * <p>Immutable. The compact constructor applies the defaults and reports every invalid value at once, in one
 * {@link IllegalArgumentException} whose message names each key.
 *
 * @param paths files and globs to follow ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}, and {@code **} for
 *     any number of directories); relative paths are resolved against the working directory
 * @param directories directories whose files (not those of sub-directories) are all followed, as the original
 *     watcher's {@code -d}
 * @param exclude globs of files not to follow: a pattern with a {@code /} is matched against the absolute path,
 *     one without against the file name (e.g. {@code *.gz})
 * @param tags tags added to every event, before the host name
 * @param startAt {@code end} (default) or {@code beginning}: where to start in files that are already there when
 *     the source first starts; files that appear later are always read from the beginning
 * @param encoding the files' character encoding (default UTF-8); must encode {@code \n} and {@code \r} as single
 *     bytes, as UTF-8, ISO-8859-x and windows-125x do
 * @param multiline how to join lines into one event; none (default): one event per line
 * @param maxLineBytes the longest event in bytes (default 1 MiB); a longer line is split into pieces tagged
 *     {@value #SPLIT_TAG}
 * @param checkpointDir where checkpoints are kept (default: the source's state directory)
 * @param pollInterval how often the files are looked at without a notice from the operating system (default 1s)
 * @param batchSize the most events in one delivery (default 1000)
 * @param batchDelay how long read events may wait for more to fill a delivery (default 100ms)
 * @param maxInFlight the most deliveries not yet acknowledged (default 4); when reached, reading pauses
 * @param rotatedFileTimeout how long a file that was renamed away or deleted is still read after it last grew
 *     (default 5s), for writers that go on writing to the old file for a while after a rotation
 */
public record FileSourceConfig(
        List<String> paths, List<Path> directories, List<String> exclude, List<String> tags, String startAt,
        String encoding, MultilineConfig multiline, Integer maxLineBytes, Path checkpointDir, Duration pollInterval,
        Integer batchSize, Duration batchDelay, Integer maxInFlight, Duration rotatedFileTimeout) {

    /** The tag that marks the pieces of a line longer than {@code maxLineBytes}. */
    public static final String SPLIT_TAG = "split";

    /** The smallest {@code maxLineBytes} accepted. */
    public static final int MIN_LINE_BYTES = 16;

    /** Applies the defaults and checks every value. */
    public FileSourceConfig {
        List<String> problems = new ArrayList<>();
        paths = copy(paths);
        directories = copy(directories);
        exclude = copy(exclude);
        tags = copy(tags);
        if (paths.isEmpty() && directories.isEmpty()) {
            problems.add("paths / directories: give at least one file, glob or directory to follow");
        }
        paths.forEach(path -> checkNotBlank(path, "paths", problems));
        exclude.forEach(pattern -> checkNotBlank(pattern, "exclude", problems));
        tags.forEach(tag -> checkTag(tag, problems));
        startAt = startAt == null ? "end" : startAt.toLowerCase(Locale.ROOT);
        if (!startAt.equals("end") && !startAt.equals("beginning")) {
            problems.add("startAt: must be 'end' or 'beginning', not '" + startAt + "'");
        }
        encoding = encoding == null ? StandardCharsets.UTF_8.name() : encoding;
        checkEncoding(encoding, problems);
        maxLineBytes = maxLineBytes == null ? 1024 * 1024 : maxLineBytes;
        if (maxLineBytes < MIN_LINE_BYTES) {
            problems.add("maxLineBytes: must be at least " + MIN_LINE_BYTES + ", not " + maxLineBytes);
        }
        pollInterval = positive(pollInterval, Duration.ofSeconds(1), "pollInterval", problems);
        batchSize = batchSize == null ? 1000 : batchSize;
        if (batchSize < 1) {
            problems.add("batchSize: must be at least 1, not " + batchSize);
        }
        batchDelay = batchDelay == null ? Duration.ofMillis(100) : batchDelay;
        if (batchDelay.isNegative()) {
            problems.add("batchDelay: must not be negative, not " + batchDelay);
        }
        maxInFlight = maxInFlight == null ? 4 : maxInFlight;
        if (maxInFlight < 1) {
            problems.add("maxInFlight: must be at least 1, not " + maxInFlight);
        }
        rotatedFileTimeout = positive(rotatedFileTimeout, Duration.ofSeconds(5), "rotatedFileTimeout", problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Settings with only these paths given, everything else at its default. */
    public static FileSourceConfig ofPaths(String... paths) {
        return new FileSourceConfig(List.of(paths), null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /** Whether files already there at the first start are read from their beginning. */
    public boolean startAtBeginning() {
        return startAt.equals("beginning");
    }

    /** The {@link #encoding} as a charset. */
    public Charset charset() {
        return Charset.forName(encoding);
    }

    private static <T> List<T> copy(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    private static void checkNotBlank(String value, String key, List<String> problems) {
        if (value.isBlank()) {
            problems.add(key + ": an entry is empty");
        }
    }

    private static void checkTag(String tag, List<String> problems) {
        if (tag.isEmpty() || tag.indexOf(',') >= 0 || tag.indexOf('\n') >= 0 || tag.indexOf('\r') >= 0) {
            problems.add("tags: '" + tag + "' is not a valid tag (it must be non-empty, without ',' or line breaks)");
        }
    }

    private static void checkEncoding(String encoding, List<String> problems) {
        Charset charset;
        try {
            charset = Charset.forName(encoding);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            problems.add("encoding: unknown character encoding '" + encoding + "'");
            return;
        }
        if (!charset.canEncode() || !Arrays.equals("\r\n".getBytes(charset), new byte[] {'\r', '\n'})) {
            problems.add("encoding: " + charset.name() + " is not supported: lines are split at the byte \\n, so "
                    + "the encoding must write \\r and \\n as single bytes (UTF-8, ISO-8859-x, windows-125x, ...)");
        }
    }

    private static Duration positive(Duration value, Duration fallback, String key, List<String> problems) {
        Duration result = value == null ? fallback : value;
        if (result.isNegative() || result.isZero()) {
            problems.add(key + ": must be positive, not " + result);
        }
        return result;
    }
}
