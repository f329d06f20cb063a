package io.theia.watcher.testplugins;

/** Settings of the test store: none. */
public record MemoryStoreConfig() {
}
