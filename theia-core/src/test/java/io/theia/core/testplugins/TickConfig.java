package io.theia.core.testplugins;

import io.theia.api.plugin.Required;
import java.util.List;

/** Settings of the test source. */
public record TickConfig(@Required Integer count, @Required String prefix, List<String> tags, Boolean failOnStart) {

    /** Defaults and checks. */
    public TickConfig {
        tags = tags == null ? List.of() : tags;
        if (count != null && count < 0) {
            throw new IllegalArgumentException("count must not be negative, not " + count);
        }
    }
}
