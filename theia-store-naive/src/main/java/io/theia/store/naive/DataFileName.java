package io.theia.store.naive;

/**
 * The name of a data file, {@code <start>-<end>} in whole epoch seconds, and the window arithmetic.
 *
 * <p>Files this store writes cover aligned windows: {@code start = floor(second / window) * window},
 * {@code end = start + window - 1}, so {@code start <= floor(timestamp) <= end} for every event in the file and
 * the names of two windows never share a second. A roll splits a window's range in two (see
 * {@link DataFileCatalog}). Immutable.
 *
 * @param start first second covered by the name
 * @param end last second covered by the name, inclusive
 */
record DataFileName(long start, long end) {

    /** Parses a file name made only of digits, {@code -}, digits; {@code null} for any other name. */
    static DataFileName parse(String name) {
        int dash = name.indexOf('-');
        if (dash <= 0 || dash == name.length() - 1 || dash > 18 || name.length() - dash - 1 > 18) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i != dash && (c < '0' || c > '9')) {
                return null;
            }
        }
        return new DataFileName(Long.parseLong(name, 0, dash, 10),
                Long.parseLong(name, dash + 1, name.length(), 10));
    }

    /** The aligned window holding a second. */
    static DataFileName window(long second, long window) {
        long start = Math.floorDiv(second, window) * window;
        return new DataFileName(start, start + window - 1);
    }

    /** Whether a second lies in this name's range. */
    boolean holds(long second) {
        return start <= second && second <= end;
    }

    /** Whether this range lies wholly in another one. */
    boolean within(DataFileName outer) {
        return outer.start <= start && end <= outer.end;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
