package io.theia.store.jdbc.testplugins;

/** Settings of the test store: none. */
public record MemoryStoreConfig() {
}
