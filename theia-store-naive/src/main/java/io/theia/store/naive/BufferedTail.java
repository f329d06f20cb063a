package io.theia.store.naive;

/**
 * A copy of the records a file's append buffer holds when they cannot be written out (a full disk): the bytes
 * from {@code start} of the file on, which readers take from here instead of the file, so that {@code get} and
 * {@code search} see every saved event while the disk is full. The buffer holds whole records only.
 *
 * @param start the file offset of the first buffered byte (what was written to the file before)
 * @param bytes the buffered bytes
 */
record BufferedTail(long start, byte[] bytes) {

    /** The offset just past the last buffered byte. */
    long end() {
        return start + bytes.length;
    }
}
