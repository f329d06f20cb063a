package io.theia.store.naive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FileForcing} for tests: forces for real, records every force with the file's size at that moment, and
 * can hold forces until released or make them fail; can also make opens, writes and truncations of chosen files
 * fail (a full disk, too many open files).
 */
final class RecordingForcing implements FileForcing {

    /**
     * One force.
     *
     * @param path the file or directory
     * @param size the file's size when it was forced (-1 for a directory)
     */
    record Force(Path path, long size) {
    }

    final List<Force> forces = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile IOException failure;
    private final CountDownLatch held = new CountDownLatch(1);

    /** Makes data-file forces wait until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets held forces go on. */
    void release() {
        gate.countDown();
    }

    /** Whether a data-file force has reached the gate and waits there. */
    boolean holding() {
        return held.getCount() == 0 && gate.getCount() > 0;
    }

    private volatile IOException writeFailure;
    private volatile Predicate<Path> writeFailing = path -> true;
    private volatile IOException openFailure;
    private volatile Predicate<Path> openFailing = path -> true;
    private volatile IOException truncateFailure;
    final List<Path> truncated = new CopyOnWriteArrayList<>();

    /** Makes every data-file write fail with {@code failure} (null: succeed again). */
    void failWrites(IOException failure) {
        failWrites(failure, path -> true);
    }

    /** Makes writes to the files {@code which} accepts fail with {@code failure} (null: succeed again). */
    void failWrites(IOException failure, Predicate<Path> which) {
        this.writeFailing = which;
        this.writeFailure = failure;
    }

    /** Makes opening the files {@code which} accepts fail with {@code failure} (null: succeed again). */
    void failOpens(IOException failure, Predicate<Path> which) {
        this.openFailing = which;
        this.openFailure = failure;
    }

    /** Makes every truncation fail with {@code failure} (null: succeed again). */
    void failTruncates(IOException failure) {
        this.truncateFailure = failure;
    }

    @Override
    public FileChannel open(Path file) throws IOException {
        IOException failing = openFailure;
        if (failing != null && openFailing.test(file)) {
            throw failing;
        }
        return FileForcing.super.open(file);
    }

    @Override
    public int write(Path file, FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        IOException failing = writeFailure;
        if (failing != null && writeFailing.test(file)) {
            throw failing;
        }
        return FileForcing.super.write(file, channel, bytes, position);
    }

    @Override
    public void truncate(Path file, FileChannel channel, long length) throws IOException {
        IOException failing = truncateFailure;
        if (failing != null) {
            throw failing;
        }
        truncated.add(file);
        FileForcing.super.truncate(file, channel, length);
    }

    /** Makes every force fail with {@code failure} (null: succeed again). */
    void fail(IOException failure) {
        this.failure = failure;
        this.failuresLeft = Integer.MAX_VALUE;
    }

    /** Makes the next {@code times} forces (files and directory) fail with {@code failure}, as an EIO reported once. */
    void failNext(IOException failure, int times) {
        this.failuresLeft = times;
        this.failure = failure;
    }

    private volatile int failuresLeft;

    /** The failure this force is to fail with, or null; counts it. */
    private synchronized IOException nextFailure() {
        IOException failing = failure;
        if (failing != null && failuresLeft != Integer.MAX_VALUE && --failuresLeft <= 0) {
            failure = null;
        }
        return failing;
    }

    /** The forces of one file. */
    List<Force> of(Path path) {
        return forces.stream().filter(force -> force.path().equals(path)).toList();
    }

    @Override
    public void force(Path file, FileChannel channel) throws IOException {
        held.countDown();
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IOException("the test never released the force");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        IOException failing = nextFailure();
        if (failing != null) {
            throw failing;
        }
        channel.force(false);
        forces.add(new Force(file, channel.size()));
    }

    @Override
    public void forceDirectory(Path directory, FileChannel channel) throws IOException {
        IOException failing = nextFailure();
        if (failing != null) {
            throw failing;
        }
        channel.force(true);
        forces.add(new Force(directory, -1));
    }
}
