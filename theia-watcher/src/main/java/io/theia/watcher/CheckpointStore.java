package io.theia.watcher;

import io.theia.api.TheiaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one source, kept in {@code checkpoints.tsv} in its checkpoint directory.
 *
 * <p>{@link #apply} changes the checkpoints in memory and has them written soon on the given executor; writes
 * coalesce, so a busy source writes as often as the disk allows and no more. Every write goes to a temporary file
 * that is forced to disk and then renamed over the old one, so a crash leaves either the old or the new file,
 * never a torn one. Thread-safe.
 */
final class CheckpointStore implements AutoCloseable {

    static final String FILE_NAME = "checkpoints.tsv";
    private static final String HEADER = "# theia file source checkpoints v1: offset, file key, path";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

    private final Path file;
    private final Path temporary;
    private final Executor writer;
    private final Object writeLock = new Object();
    private final boolean existed;
    private final Map<String, Checkpoint> checkpoints;
    private boolean dirty;
    private boolean writeScheduled;
    private boolean closed;

    private CheckpointStore(Path directory, Executor writer, boolean existed, Map<String, Checkpoint> loaded) {
        this.file = directory.resolve(FILE_NAME);
        this.temporary = directory.resolve(FILE_NAME + ".tmp");
        this.writer = writer;
        this.existed = existed;
        this.checkpoints = loaded;
    }

    /**
     * Opens the checkpoints in a directory, creating it if needed.
     *
     * @throws TheiaException when the directory cannot be created or the file cannot be read, naming it
     */
    static CheckpointStore open(Path directory, Executor writer) {
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(directory.resolve(FILE_NAME + ".tmp"));
            boolean existed = Files.exists(file);
            return new CheckpointStore(directory, writer, existed, existed ? read(directory) : new HashMap<>());
        } catch (IOException e) {
            throw new TheiaException("cannot read the checkpoints in " + file + ": " + e, e);
        }
    }

    /**
     * Reads the checkpoints last written in a directory, without opening a store; empty when there are none.
     *
     * @throws TheiaException when the file is damaged, naming it and the line
     */
    static Map<String, Checkpoint> read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new HashMap<>();
        }
        return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** Whether checkpoints were there when the store was opened, i.e. the source ran before. */
    boolean existedBefore() {
        return existed;
    }

    /** The checkpoint of a file. */
    synchronized Optional<Checkpoint> get(String fileKey) {
        return Optional.ofNullable(checkpoints.get(fileKey));
    }

    /** Every checkpoint. */
    synchronized Collection<Checkpoint> all() {
        return List.copyOf(checkpoints.values());
    }

    /** Sets some checkpoints and removes others (disjoint sets), then has them written soon. */
    synchronized void apply(Map<String, Checkpoint> advanced, Set<String> forgotten) {
        if (closed || (advanced.isEmpty() && forgotten.isEmpty())) {
            return;
        }
        checkpoints.keySet().removeAll(forgotten);
        checkpoints.putAll(advanced);
        dirty = true;
        if (!writeScheduled) {
            writeScheduled = true;
            try {
                writer.execute(this::writeIfDirty);
            } catch (RejectedExecutionException e) {
                writeScheduled = false;
            }
        }
    }

    /** Writes the checkpoints now if they changed since the last write. */
    void flush() {
        writeIfDirty();
    }

    /** Writes what is pending; later changes are ignored. */
    @Override
    public void close() {
        flush();
        synchronized (this) {
            closed = true;
        }
    }

    private void writeIfDirty() {
        // One write at a time, and a flush waits for a write in progress: its snapshot may be older.
        synchronized (writeLock) {
            String text;
            synchronized (this) {
                writeScheduled = false;
                if (!dirty) {
                    return;
                }
                dirty = false;
                text = format(checkpoints.values());
            }
            try {
                write(text);
            } catch (IOException e) {
                synchronized (this) {
                    dirty = true;
                }
                LOG.error("Cannot write the checkpoints to {}; will try again with the next acknowledgement: {}",
                        file, e.toString());
            }
        }
    }

    private void write(String text) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(file.getParent());
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every system can sync a directory; the rename is then as durable as the system makes it.
        }
    }

    private static String format(Collection<Checkpoint> checkpoints) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Checkpoint checkpoint : checkpoints) {
            text.append(checkpoint.offset()).append('\t').append(escape(checkpoint.fileKey())).append('\t')
                    .append(escape(checkpoint.path().toString())).append('\n');
        }
        return text.toString();
    }

    private static Map<String, Checkpoint> parse(Path file, List<String> lines) {
        Map<String, Checkpoint> checkpoints = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            try {
                if (fields.length != 3) {
                    throw new IllegalArgumentException("expected 3 tab-separated fields, found " + fields.length);
                }
                Checkpoint checkpoint = new Checkpoint(unescape(fields[1]), Path.of(unescape(fields[2])),
                        Long.parseLong(fields[0]));
                checkpoints.put(checkpoint.fileKey(), checkpoint);
            } catch (IllegalArgumentException e) {
                throw new TheiaException("checkpoint file " + file + ", line " + (i + 1) + " is damaged (" +
                        e.getMessage() + "); move it away to start over from the configured startAt", e);
            }
        }
        return checkpoints;
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '%' -> escaped.append("%25");
                case '\t' -> escaped.append("%09");
                case '\n' -> escaped.append("%0A");
                case '\r' -> escaped.append("%0D");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String unescape(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        StringBuilder plain = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                plain.append(c);
                continue;
            }
            if (i + 2 >= value.length()) {
                throw new IllegalArgumentException("incomplete escape at the end of '" + value + "'");
            }
            plain.append((char) Integer.parseInt(value.substring(i + 1, i + 3), 16));
            i += 2;
        }
        return plain.toString();
    }
}
