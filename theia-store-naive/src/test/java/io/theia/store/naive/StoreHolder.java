package io.theia.store.naive;

import io.theia.api.store.EventStoreException;
import java.nio.file.Path;

/**
 * A child process of {@link DirectoryLockTest}: opens the naive store in a directory, prints {@code open <pid>}
 * and keeps it open until its standard input ends; prints the error and exits with 3 when the store cannot be
 * opened.
 */
public final class StoreHolder {

    private StoreHolder() {
    }

    /** Argument: the data directory. */
    public static void main(String[] args) throws Exception {
        NaiveEventStore store;
        try {
            store = NaiveEventStore.open(NaiveStoreConfig.of(Path.of(args[0])));
        } catch (EventStoreException e) {
            System.out.println("refused " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.out.flush();
            System.exit(3);
            return;
        }
        System.out.println("open " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the store until the parent closes our input
        }
        store.close();
    }
}
