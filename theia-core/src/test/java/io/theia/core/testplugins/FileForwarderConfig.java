package io.theia.core.testplugins;

import io.theia.api.plugin.Required;
import java.nio.file.Path;

/** Settings of the test forwarder: the file it appends the ids of delivered events to. */
public record FileForwarderConfig(@Required Path file) {
}
