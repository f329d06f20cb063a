package io.theia.store.naive;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * Id index: an open-addressing hash table from a 64-bit hash of an event's id to the record's location
 * ({@link Locations}). Two longs per slot, kept between 3/8 and 3/4 full (it doubles past 3/4), so 21 to 43
 * bytes per indexed event whatever the id's length; ids themselves are not kept, so every hit is confirmed by
 * reading the record. Not thread-safe: the store guards it with its lock.
 */
final class IdIndex {

    private static final long EMPTY = 0;
    private static final long REMOVED = -1;
    private static final int MIN_SLOTS = 1024;

    /** Pairs (hash, location); a slot is free when its location is {@link #EMPTY}. */
    private long[] table = new long[2 * MIN_SLOTS];
    private int size;
    private int removed;
    /** Written by {@link #touch} only so that the compiler keeps its loads. */
    private long touched;

    /** The 64-bit hash of an id used as key (FNV-1a over the chars, then MurmurHash3's finalizer). */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Adds a location for a hash (several may share one hash). */
    void add(long hash, long location) {
        if ((size + removed + 1) * 4L > (table.length / 2) * 3L) {
            resize();
        }
        insert(table, hash, location);
        size++;
    }

    /**
     * Adds the locations of a batch: {@code locations[i]} under {@code hashes[i]} for {@code from <= i < to}.
     * Grows the table at most once, and first {@linkplain #touch touches} every home slot.
     */
    void addAll(long[] hashes, long[] locations, int from, int to) {
        ensureCapacity(to - from);
        touch(hashes, from, to);
        for (int i = from; i < to; i++) {
            insert(table, hashes[i], locations[i]);
        }
        size += to - from;
    }

    /**
     * The first {@code i} in {@code [from, to)} for which a location is stored under {@code hashes[i]}, or -1;
     * first {@linkplain #touch touches} every home slot.
     */
    int firstPresent(long[] hashes, int from, int to) {
        touch(hashes, from, to);
        for (int i = from; i < to; i++) {
            if (contains(hashes[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Whether any location is stored under a hash. */
    boolean contains(long hash) {
        int mask = table.length / 2 - 1;
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            long location = table[2 * slot + 1];
            if (location == EMPTY) {
                return false;
            }
            if (location != REMOVED && table[2 * slot] == hash) {
                return true;
            }
        }
    }

    /**
     * Loads the home slot of each hash in one branch-free pass: the loads are independent, so the processor
     * overlaps their cache and TLB misses, and the probes that follow find the slots in the cache. A probe loop
     * alone waits for one miss after another.
     */
    private void touch(long[] hashes, int from, int to) {
        long[] slots = table;
        int mask = slots.length / 2 - 1;
        long any = 0;
        for (int i = from; i < to; i++) {
            any |= slots[2 * ((int) hashes[i] & mask)];
        }
        touched = any;
    }

    /**
     * Rehashes once, if needed, so that {@code more} further entries fit without rehashing on the way: into a
     * table sized for the live entries plus {@code more}, dropping removed slots.
     */
    void ensureCapacity(int more) {
        if (((long) size + removed + more) * 4 > (table.length / 2) * 3L) {
            long needed = (long) size + more;
            int slots = MIN_SLOTS;
            while (slots * 3L < needed * 4 + 4) {
                slots <<= 1;
            }
            rehash(slots);
        }
    }

    /** Calls back with every location stored under a hash. */
    void forEach(long hash, LongConsumer action) {
        int mask = table.length / 2 - 1;
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            long location = table[2 * slot + 1];
            if (location == EMPTY) {
                return;
            }
            if (location != REMOVED && table[2 * slot] == hash) {
                action.accept(location);
            }
        }
    }

    /** Removes one location stored under a hash; whether it was there. */
    boolean remove(long hash, long location) {
        int mask = table.length / 2 - 1;
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            long stored = table[2 * slot + 1];
            if (stored == EMPTY) {
                return false;
            }
            if (stored == location && table[2 * slot] == hash) {
                table[2 * slot + 1] = REMOVED;
                size--;
                removed++;
                return true;
            }
        }
    }

    /** Removes every location in one file. */
    void removeFile(int fileId) {
        for (int i = 1; i < table.length; i += 2) {
            long location = table[i];
            if (location != EMPTY && location != REMOVED && Locations.fileId(location) == fileId) {
                table[i] = REMOVED;
                size--;
                removed++;
            }
        }
    }

    /** Removes every location in a file at or after {@code fromOffset}; how many there were. */
    int removeFrom(int fileId, long fromOffset) {
        int count = 0;
        for (int i = 1; i < table.length; i += 2) {
            long location = table[i];
            if (location != EMPTY && location != REMOVED && Locations.fileId(location) == fileId
                    && Locations.offset(location) >= fromOffset) {
                table[i] = REMOVED;
                size--;
                removed++;
                count++;
            }
        }
        return count;
    }

    /** Moves every location in a file at or after {@code fromOffset} by {@code delta} bytes. */
    void shift(int fileId, long fromOffset, long delta) {
        for (int i = 1; i < table.length; i += 2) {
            long location = table[i];
            if (location != EMPTY && location != REMOVED && Locations.fileId(location) == fileId
                    && Locations.offset(location) >= fromOffset) {
                table[i] = Locations.of(fileId, Locations.offset(location) + delta);
            }
        }
    }

    /** Calls back with every (hash, location) pair, in no particular order. */
    void forEachEntry(EntryConsumer action) throws IOException {
        for (int i = 0; i < table.length; i += 2) {
            long location = table[i + 1];
            if (location != EMPTY && location != REMOVED) {
                action.accept(table[i], location);
            }
        }
    }

    /** Receives index entries. */
    interface EntryConsumer {
        void accept(long hash, long location) throws IOException;
    }

    /** Number of locations stored. */
    int size() {
        return size;
    }

    /** Bytes the table occupies. */
    long memoryBytes() {
        return table.length * 8L;
    }

    /** Rehashes into a table at most half full, dropping removed slots. */
    private void resize() {
        int slots = MIN_SLOTS;
        while (slots < (size + 1) * 2) {
            slots <<= 1;
        }
        rehash(slots);
    }

    private void rehash(int slots) {
        long[] larger = new long[2 * slots];
        for (int i = 0; i < table.length; i += 2) {
            long location = table[i + 1];
            if (location != EMPTY && location != REMOVED) {
                insert(larger, table[i], location);
            }
        }
        table = larger;
        removed = 0;
    }

    private static void insert(long[] into, long hash, long location) {
        int mask = into.length / 2 - 1;
        int slot = (int) hash & mask;
        while (into[2 * slot + 1] != EMPTY && into[2 * slot + 1] != REMOVED) {
            slot = (slot + 1) & mask;
        }
        into[2 * slot] = hash;
        into[2 * slot + 1] = location;
    }

    @Override
    public String toString() {
        return "IdIndex[size=" + size + ", slots=" + table.length / 2 + ", bytes=" + memoryBytes() + "]";
    }

    /** Packs a file id (24 bits, from 1) and a byte offset (40 bits) into one non-zero, non-negative long. */
    static final class Locations {
        static final long MAX_OFFSET = (1L << 40) - 1;
        static final int MAX_FILE_ID = (1 << 23) - 1;

        private Locations() {
        }

        static long of(int fileId, long offset) {
            return ((long) fileId << 40) | offset;
        }

        static int fileId(long location) {
            return (int) (location >>> 40);
        }

        static long offset(long location) {
            return location & MAX_OFFSET;
        }
    }
}
