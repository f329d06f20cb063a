package io.theia.core.testplugins;

/** Settings of the test store; {@code failOnOpen} makes opening it fail. */
public record MemoryStoreConfig(Boolean failOnOpen) {
}
