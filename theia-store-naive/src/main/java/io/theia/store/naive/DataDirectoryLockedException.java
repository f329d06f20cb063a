package io.theia.store.naive;

import io.theia.api.store.EventStoreException;
import java.nio.file.Path;

/**
 * The data directory is already open in a naive store: another process, or this one, holds its lock file. Two
 * stores appending to one directory would cut each other's records, so the second one is refused.
 */
public final class DataDirectoryLockedException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    private final transient Path lockFile;
    private final String holder;

    DataDirectoryLockedException(Path dataDir, Path lockFile, String holder) {
        super("the naive store in " + dataDir + " is already open: " + holder + " holds its lock file " + lockFile
                + "; stop it, or give this store another dataDir");
        this.lockFile = lockFile;
        this.holder = holder;
    }

    /** The lock file ({@code <dataDir>/.theia/lock}). */
    public Path lockFile() {
        return lockFile;
    }

    /** Who holds the lock, as its lock file says: {@code pid <pid> on host <host>}, or why that is unknown. */
    public String holder() {
        return holder;
    }
}
