package io.theia.core.testplugins;

import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;

/** A plugin whose extension cannot be constructed. */
public class BrokenSourceFactory implements EventSourceFactory<MemoryStoreConfig> {

    /** Always fails. */
    public BrokenSourceFactory() {
        throw new IllegalStateException("broken on purpose");
    }

    @Override
    public String type() {
        return "broken";
    }

    @Override
    public Class<MemoryStoreConfig> configType() {
        return MemoryStoreConfig.class;
    }

    @Override
    public EventSource create(MemoryStoreConfig config, SourceContext context) {
        throw new UnsupportedOperationException();
    }
}
