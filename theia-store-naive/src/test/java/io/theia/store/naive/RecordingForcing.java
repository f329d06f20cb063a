package io.theia.store.naive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FileForcing} for tests: forces for real, records every force with the file's size at that moment, and
 * can hold forces until released or make them fail.
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

    /** Makes every force fail with {@code failure} (null: succeed again). */
    void fail(IOException failure) {
        this.failure = failure;
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
        IOException failing = failure;
        if (failing != null) {
            throw failing;
        }
        channel.force(false);
        forces.add(new Force(file, channel.size()));
    }

    @Override
    public void forceDirectory(Path directory, FileChannel channel) throws IOException {
        IOException failing = failure;
        if (failing != null) {
            throw failing;
        }
        channel.force(true);
        forces.add(new Force(directory, -1));
    }
}
