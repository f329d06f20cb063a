package io.theia.store.naive;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The span cache and id index saved at close in {@code .theia/catalog}, so that opening a large store does not
 * read every data file again.
 *
 * <p>Each file's entry is trusted only while the file on disk is the same file (same inode) at least as long as
 * it was; the store then reads only what was appended since. A rewritten, renamed, shortened or unknown file is
 * read again in full, so a stale or missing snapshot costs time, never correctness. Stateless.
 */
final class CatalogSnapshot {

    private static final long MAGIC = 0x5448454941434154L;
    private static final int VERSION = 2;
    private static final int INDEX_ENTRY_BYTES = 20;
    private static final int INDEX_CHUNK_ENTRIES = 1 << 16;

    private CatalogSnapshot() {
    }

    /**
     * What the snapshot recorded about one file.
     *
     * @param name the file's name
     * @param fileKey the file's identity on disk then
     * @param length the bytes the entry covers
     * @param min earliest timestamp, or null
     * @param max latest timestamp, or null
     * @param records number of records
     * @param sorted whether the records were in timestamp order
     */
    record FileEntry(String name, String fileKey, long length, Instant min, Instant max, long records,
            boolean sorted) {
    }

    /** Writes the snapshot atomically (temporary file, {@code fdatasync}, rename). */
    static void write(Path target, Path temporary, DataFileCatalog catalog, IdIndex index) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        Channels.newOutputStream(channel), 1 << 20))) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(catalog.files().size());
            for (DataFile file : catalog.files()) {
                out.writeInt(file.id);
                writeText(out, file.name.toString());
                writeText(out, String.valueOf(file.fileKey));
                out.writeLong(file.length);
                writeInstant(out, file.minTimestamp);
                writeInstant(out, file.maxTimestamp);
                out.writeLong(file.records);
                out.writeBoolean(file.sorted);
            }
            out.writeInt(index.size());
            out.flush();
            writeIndex(channel, index);
            channel.force(false);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes the index entries at the channel's position: file id, hash and offset of each, 20 bytes. */
    private static void writeIndex(FileChannel channel, IdIndex index) throws IOException {
        ByteBuffer entries = ByteBuffer.allocate(INDEX_CHUNK_ENTRIES * INDEX_ENTRY_BYTES);
        index.forEachEntry((hash, location) -> {
            if (!entries.hasRemaining()) {
                writeFully(channel, entries.flip());
                entries.clear();
            }
            entries.putInt(IdIndex.Locations.fileId(location)).putLong(hash)
                    .putLong(IdIndex.Locations.offset(location));
        });
        writeFully(channel, entries.flip());
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /**
     * Reads a snapshot: offers each file entry to {@code accept}, which returns the store's file for it when the
     * entry still holds (or null), and adds the ids of accepted files to the index.
     *
     * @return whether a snapshot was read
     */
    static boolean read(Path source, Function<FileEntry, DataFile> accept, IdIndex index) throws IOException {
        ByteBuffer in;
        try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                return false;
            }
            in = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        } catch (NoSuchFileException e) {
            return false;
        }
        try {
            if (in.getLong() != MAGIC || in.getInt() != VERSION) {
                return false;
            }
            int files = in.getInt();
            Map<Integer, DataFile> accepted = new HashMap<>();
            for (int i = 0; i < files; i++) {
                int id = in.getInt();
                FileEntry entry = new FileEntry(readText(in), readText(in), in.getLong(), readInstant(in),
                        readInstant(in), in.getLong(), in.get() != 0);
                DataFile file = accept.apply(entry);
                if (file != null) {
                    accepted.put(id, file);
                }
            }
            int entries = in.getInt();
            index.ensureCapacity(entries);
            for (int i = 0; i < entries; i++) {
                DataFile file = accepted.get(in.getInt());
                long hash = in.getLong();
                long offset = in.getLong();
                if (file != null) {
                    index.add(hash, IdIndex.Locations.of(file.id, offset));
                }
            }
            return true;
        } catch (BufferUnderflowException e) {
            throw new IOException("the catalog snapshot ends early", e);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant == null ? -1 : instant.getEpochSecond());
        out.writeInt(instant == null ? 0 : instant.getNano());
    }

    private static Instant readInstant(ByteBuffer in) {
        long seconds = in.getLong();
        int nanos = in.getInt();
        return seconds < 0 ? null : Instant.ofEpochSecond(seconds, nanos);
    }
}
