package io.theia.store.naive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The data files of a directory by name and by id, and the choice of the file a new event goes to.
 *
 * <p>Within one aligned window the names of the files this store creates partition the window's seconds: the
 * first file covers the whole window; a roll renames the full file to end at its latest second and the next
 * file takes the seconds after it. So names never overlap and every file holds only events its name covers.
 * Not thread-safe: guarded by the store's lock.
 */
final class DataFileCatalog {

    private static final Comparator<DataFileName> BY_RANGE =
            Comparator.comparingLong(DataFileName::start).thenComparingLong(DataFileName::end);

    private final Path dataDir;
    private final List<DataFile> byId = new ArrayList<>();
    private final TreeMap<DataFileName, DataFile> byName = new TreeMap<>(BY_RANGE);

    DataFileCatalog(Path dataDir) {
        this.dataDir = dataDir;
        byId.add(null);
    }

    /** Registers a file (existing or about to be created) under a new id. */
    DataFile add(DataFileName name) {
        if (byId.size() > IdIndex.Locations.MAX_FILE_ID) {
            throw new IllegalStateException("more than " + IdIndex.Locations.MAX_FILE_ID + " data files were opened");
        }
        DataFile file = new DataFile(byId.size(), name, dataDir.resolve(name.toString()));
        byId.add(file);
        byName.put(name, file);
        return file;
    }

    DataFile byId(int id) {
        return id < byId.size() ? byId.get(id) : null;
    }

    DataFile byName(DataFileName name) {
        return byName.get(name);
    }

    Collection<DataFile> files() {
        return byName.values();
    }

    void remove(DataFile file) {
        byName.remove(file.name);
        byId.set(file.id, null);
    }

    /** Records a rename done on disk. */
    void renamed(DataFile file, DataFileName newName) {
        byName.remove(file.name);
        file.name = newName;
        file.path = dataDir.resolve(newName.toString());
        byName.put(newName, file);
    }

    /** The existing file a new event of this second belongs to, or {@code null} when a new one is needed. */
    DataFile fileFor(long second, long window) {
        DataFileName aligned = DataFileName.window(second, window);
        DataFile found = null;
        for (DataFile file : inWindow(aligned, second)) {
            if (file.name.holds(second)) {
                found = file;
            }
        }
        return found;
    }

    /** The widest range around a second, within its window, that no file of that window covers. */
    DataFileName freeRange(long second, long window) {
        DataFileName aligned = DataFileName.window(second, window);
        long start = aligned.start();
        long end = aligned.end();
        for (DataFile file : byName.subMap(new DataFileName(aligned.start(), aligned.start()), true,
                new DataFileName(aligned.end(), Long.MAX_VALUE), true).values()) {
            if (!file.name.within(aligned)) {
                continue;
            }
            if (file.name.end() < second) {
                start = Math.max(start, file.name.end() + 1);
            } else if (file.name.start() > second) {
                end = Math.min(end, file.name.start() - 1);
            }
        }
        return new DataFileName(start, end);
    }

    /** Snapshots of the files that may hold events in {@code [start, end]} (either bound may be null). */
    List<DataFile.Snapshot> overlapping(Instant start, Instant end) {
        List<DataFile.Snapshot> found = new ArrayList<>();
        for (DataFile file : byName.values()) {
            if (file.overlaps(start, end)) {
                found.add(file.snapshot());
            }
        }
        return found;
    }

    private List<DataFile> inWindow(DataFileName aligned, long second) {
        List<DataFile> found = new ArrayList<>(2);
        for (DataFile file : byName.subMap(new DataFileName(aligned.start(), aligned.start()), true,
                new DataFileName(second, Long.MAX_VALUE), true).values()) {
            if (file.name.within(aligned)) {
                found.add(file);
            }
        }
        return found;
    }
}
