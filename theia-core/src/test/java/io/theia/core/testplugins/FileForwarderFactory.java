package io.theia.core.testplugins;

import io.theia.api.source.EventForwarder;
import io.theia.api.source.EventForwarderFactory;

/** A test forwarder plugin ({@code forward.type: file}): appends the id of each delivered event to a file. */
public final class FileForwarderFactory implements EventForwarderFactory<FileForwarderConfig> {

    @Override
    public String type() {
        return "file";
    }

    @Override
    public Class<FileForwarderConfig> configType() {
        return FileForwarderConfig.class;
    }

    @Override
    public EventForwarder create(FileForwarderConfig config) {
        return new FileForwarder(config);
    }
}
