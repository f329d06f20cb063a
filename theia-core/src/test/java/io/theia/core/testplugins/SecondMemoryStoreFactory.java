package io.theia.core.testplugins;

/** A second plugin's factory that claims the type {@code memory} too. */
public class SecondMemoryStoreFactory extends MemoryStoreFactory {
}
